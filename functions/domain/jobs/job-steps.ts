import { addressHash } from '../../contracts/table-design.ts';
import { ADDRESS_CHECK_VALID_HOURS, addressCheckUrl, type ClientAddressRecord } from '../cases/client-address.ts';
import { deliverAll, type DeliveryOutcome, type DeliveryRef, type DeliveryRun } from '../delivery/deliver.ts';
import { composeMessage, type EmailStrings, type MessageContent } from '../delivery/messages.ts';
import { planDeliveries, type CaseFacts, type PlannedDelivery } from '../delivery/routing.ts';
import { linkTokenHash, newLinkToken } from '../delivery/secure-link.ts';
import type { TemplateLibrary } from '../documents/templates.ts';
import type { Agency } from '../forms/agency.ts';
import { wireJob, type Job } from './job.ts';
import type { JobContext } from './job-ports.ts';

/** The steps every job that mails someone shares: route, compose in each recipient's language, deliver, complete. */

/** The agency's email strings in a language, or in its default language where that one has none. */
export function emailStrings(templates: TemplateLibrary, agency: Agency): (locale: string) => EmailStrings {
  return (locale) => (templates.strings(agency.id, 'email', locale) ?? templates.strings(agency.id, 'email', agency.defaultLocale) ?? {}) as EmailStrings;
}

export interface Notice {
  /** The routing event (routing.ts): a document type, or a special job's own name. */
  readonly event: string;
  /** Names the deliveries, so each (document, recipient) is claimed once however often the job runs. */
  readonly documentId: string;
  readonly facts: CaseFacts;
  readonly replyTo: string | undefined;
  /** What a claimed recipient is sent; built only once its delivery is claimed (a secure link is minted then). */
  readonly content: (to: PlannedDelivery & { readonly status: 'send' }, delivery: DeliveryRef) => Promise<MessageContent>;
  readonly allowed?: DeliveryRun['allowed'];
  /** What the case knows of the client's address: a new address is noted, so an old verification stops counting. */
  readonly clientAddress?: ClientAddressRecord | undefined;
  /**
   * false: a delivery held for an unconfirmed address sends no confirm notice of its own, because a delivery made
   * beside it asks the same address (the document a signing request is for); the confirmation releases both.
   */
  readonly asksToConfirm?: boolean;
}

/**
 * Delivers a notice to everyone the agency routes it to; a recipient that could not be reached yet fails the job for a
 * retry. A document held for an unverified client address is recorded as held, and the client is sent a confirm link
 * instead (client-address.ts).
 */
export async function deliverNotice(context: JobContext, agency: Agency, job: Job, notice: Notice): Promise<DeliveryOutcome[]> {
  const { ports, now } = context;
  const strings = emailStrings(context.templates, agency);
  const email = notice.facts.client?.email;
  if (email !== undefined && addressHash(email) !== notice.clientAddress?.currentHash) await ports.noteClientAddress(job.agencyId, job.caseId, addressHash(email), now());
  const compose = (to: PlannedDelivery & { readonly status: 'send' | 'held' }, content: MessageContent) =>
    composeMessage({ agency, strings: strings(to.locale), to, caseId: job.caseId, replyTo: notice.replyTo, content });
  return deliverAll({
    ports, now, leaseMs: context.leaseMs,
    ...(notice.allowed ? { allowed: notice.allowed } : {}),
    message: async (to, delivery) => compose(to, await notice.content(to, delivery)),
    ...(notice.asksToConfirm === false ? {} : { addressCheck: async (to: PlannedDelivery & { readonly status: 'held' }) => {
      const token = newLinkToken();
      const createdAt = now();
      await ports.createAddressCheck({
        agencyId: job.agencyId, caseId: job.caseId, tokenHash: linkTokenHash(token), addressHash: addressHash(to.address), locale: to.locale,
        createdAt: createdAt.toISOString(), validUntil: new Date(createdAt.getTime() + ADDRESS_CHECK_VALID_HOURS * 3_600_000).toISOString(),
      });
      return compose(to, { kind: 'address-check', url: addressCheckUrl(context.publicBaseUrl, job.agencyId, token) });
    } }),
  }, { agencyId: job.agencyId, caseId: job.caseId, documentId: notice.documentId }, planDeliveries(agency, notice.event, notice.facts));
}

/** The job needs nothing more: its record leaves the outbox, so the sweeper does not send it again. */
export function completeJob(context: JobContext, job: Job): Promise<void> {
  return context.ports.completeJob(wireJob(job), context.now());
}
