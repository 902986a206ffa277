import { RECEIPT_JOB, RISK_ALERT_JOB } from '../cases/document-job.ts';
import { REVIEW_REMINDER_JOB } from '../cases/review-reminders.ts';
import { CASE_ASSIGNED_JOB } from '../cases/assignment.ts';
import { FOLLOW_UP_REMINDER_JOB } from '../cases/follow-up-reminders.ts';
import type { Agency, Route } from '../forms/agency.ts';
import { SIGNATURE_REQUEST_JOB } from './signature-request.ts';
import { SIGNING_REMINDER_JOB } from './signing-reminder.ts';

/** The event a risk flag raises: routed like a document type, but it carries no document, only the alert. */
export const RISK_ALERT = RISK_ALERT_JOB;

/** A care plan's review is due: routed like a document type, but it carries no document, only the date. */
export const REVIEW_REMINDER = REVIEW_REMINDER_JOB;

/** A case was assigned to a case manager: routed like a document type, but it carries only the case reference. */
export const CASE_ASSIGNED = CASE_ASSIGNED_JOB;

/**
 * A note's follow-up date came: routed like a document type, but it carries only the case reference and a link to the
 * case page. Its `case-manager` is the follow-up's owner (the case manager it was saved for, or its author).
 */
export const NOTE_FOLLOW_UP = FOLLOW_UP_REMINDER_JOB;

/**
 * A document still awaits signatures `reminderDays` after it opened: routed like a document type, but it carries
 * only the case reference and a link to the document's signing page.
 */
export const SIGNING_REMINDER = SIGNING_REMINDER_JOB;

/** What the client said at intake about being contacted. */
export interface ClientContact {
  readonly email: string | undefined;
  /** Only a true answer to "is it safe for us to email you?" lets the client be emailed. */
  readonly emailIsSafe: boolean;
  readonly language: string | undefined;
  /** The client confirmed this address is theirs (client-address.ts): until then no health information goes to it. */
  readonly addressVerified: boolean;
}

/** What routing needs to know about the case. */
export interface CaseFacts {
  readonly client: ClientContact | undefined;
  readonly caseManagerEmail: string | undefined;
  /** Provider ids the client consented to release information to, as last recorded on the case. */
  readonly consentedProviders: readonly string[];
}

export type RecipientKind = 'client' | 'staff' | 'provider';

export type WithheldReason = 'no-consent' | 'email-not-safe' | 'no-email-address' | 'no-case-manager' | 'suppressed' | 'not-for-alerts' | 'rate-limited' | 'staff-only';

interface PlannedBase {
  /** A role, never an address: it names the delivery in keys, logs and mail tags (letters, digits and dashes only). */
  readonly recipient: string;
  readonly kind: RecipientKind;
  readonly method: 'link' | 'attachment';
  readonly locale: string;
  /** A provider's name, to address the message. */
  readonly name?: string;
}

/** Why a delivery waits rather than goes: it goes once the reason is gone (the client confirmed their address). */
export type HeldReason = 'address-unverified';

export type PlannedDelivery =
  | (PlannedBase & { readonly status: 'send'; readonly address: string })
  | (PlannedBase & { readonly status: 'withheld'; readonly reason: WithheldReason })
  /** Not sent yet: the recipient is asked to confirm `address` instead, in a message with no health information. */
  | (PlannedBase & { readonly status: 'held'; readonly reason: HeldReason; readonly address: string });

const DEFAULT_DOCUMENT_ROUTES: readonly Route[] = [{ to: 'agency-inbox', method: 'link' }];
const DEFAULT_ALERT_ROUTES: readonly Route[] = [{ to: 'supervisor' }];
const DEFAULT_REMINDER_ROUTES: readonly Route[] = [{ to: 'case-manager' }];
/** Reminders and notices that are a case manager's to-do: they speak to staff and would mean nothing to anyone else. */
const STAFF_NOTICES: ReadonlySet<string> = new Set([REVIEW_REMINDER, CASE_ASSIGNED, NOTE_FOLLOW_UP, SIGNING_REMINDER]);

/** A signature request carries the client's own signing link: it goes to them alone, whatever the routes say. */
const SIGNATURE_REQUEST_ROUTES: readonly Route[] = [{ to: 'client', method: 'link' }];

export function routesFor(agency: Agency, event: string): readonly Route[] {
  if (event === SIGNATURE_REQUEST_JOB) return SIGNATURE_REQUEST_ROUTES;
  const fallback = event === RISK_ALERT ? DEFAULT_ALERT_ROUTES : STAFF_NOTICES.has(event) ? DEFAULT_REMINDER_ROUTES : DEFAULT_DOCUMENT_ROUTES;
  return agency.delivery?.routes?.[event] ?? fallback;
}

/** Why a client or provider gets nothing for an event meant for staff alone, or undefined for any other event. */
function staffOnly(event: string): WithheldReason | undefined {
  if (event === RISK_ALERT) return 'not-for-alerts';
  if (STAFF_NOTICES.has(event)) return 'staff-only';
  return undefined;
}

/**
 * Whether an event's message carries health information: every document does (a care plan, a notice, a summary).
 * A receipt carries the case reference alone; alerts and reminders never reach the client.
 */
const carriesHealthInformation = (event: string) => event !== RECEIPT_JOB && staffOnly(event) === undefined;

const served = (agency: Agency, locale: string | undefined) => (locale && agency.locales.includes(locale) ? locale : agency.defaultLocale);

/**
 * Who receives a document (or an alert) and how, from the agency's routes and what the case records. Nothing is
 * dropped: a recipient who may not be sent to is planned as withheld, with the reason staff will see on the case.
 * - The client is emailed only at the address given at intake, and only if they said email is safe for them.
 * - A document goes to the client only once they confirmed that address is theirs (issue 19: anyone can type any
 *   address into an intake); until then it is held, and the client is asked to confirm instead.
 * - A provider receives nothing without the client's consent to release information to that provider.
 * - Alerts and review reminders go to staff only: a risk flag is never announced to the client or a provider.
 */
export function planDeliveries(agency: Agency, event: string, facts: CaseFacts): PlannedDelivery[] {
  const defaultMethod = 'link';
  return routesFor(agency, event).map((route): PlannedDelivery => {
    const method = route.method ?? defaultMethod;
    const staff = (recipient: string, address: string | undefined, missing: WithheldReason): PlannedDelivery => {
      const base = { recipient, kind: 'staff' as const, method, locale: agency.defaultLocale };
      return address ? { ...base, status: 'send', address } : { ...base, status: 'withheld', reason: missing };
    };
    switch (route.to) {
      case 'agency-inbox':
        return staff('agency-inbox', agency.intakeInbox, 'no-email-address');
      case 'supervisor':
        return staff('supervisor', agency.supervisorInbox, 'no-email-address');
      case 'case-manager':
        return staff('case-manager', facts.caseManagerEmail, 'no-case-manager');
      case 'client': {
        const client = facts.client;
        const base = { recipient: 'client', kind: 'client' as const, method, locale: served(agency, client?.language) };
        const notForClients = staffOnly(event);
        if (notForClients) return { ...base, status: 'withheld', reason: notForClients };
        if (!client?.email) return { ...base, status: 'withheld', reason: 'no-email-address' };
        if (!client.emailIsSafe) return { ...base, status: 'withheld', reason: 'email-not-safe' };
        if (!client.addressVerified && carriesHealthInformation(event)) return { ...base, status: 'held', reason: 'address-unverified', address: client.email };
        return { ...base, status: 'send', address: client.email };
      }
      default: {
        const id = route.to.slice('provider:'.length);
        const provider = agency.providers?.find((candidate) => candidate.id === id);
        const base = { recipient: `provider-${id}`, kind: 'provider' as const, method, locale: served(agency, provider?.locale), ...(provider ? { name: provider.name } : {}) };
        const notForProviders = staffOnly(event);
        if (notForProviders) return { ...base, status: 'withheld', reason: notForProviders };
        if (!provider) return { ...base, status: 'withheld', reason: 'no-email-address' };
        if (!facts.consentedProviders.includes(id)) return { ...base, status: 'withheld', reason: 'no-consent' };
        return { ...base, status: 'send', address: provider.email };
      }
    }
  });
}
