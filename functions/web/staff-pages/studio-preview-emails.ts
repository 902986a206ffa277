import type { Agency } from '../../domain/forms/agency.ts';
import type { Form } from '../../domain/forms/catalog.ts';
import { valueAt } from '../../contracts/json-pointer.ts';
import { packLabels } from '../../domain/forms/pack-labels.ts';
import type { Translations } from '../../domain/forms/translations.ts';
import { localizedTitle } from '../../domain/documents/document-view.ts';
import type { TemplateLibrary } from '../../domain/documents/templates.ts';
import { composeMessage } from '../../domain/delivery/messages.ts';
import type { OutgoingMessage } from '../../domain/delivery/mime.ts';
import { planDeliveries, type CaseFacts, type PlannedDelivery } from '../../domain/delivery/routing.ts';
import { linkLifetimeHours, linkUrl } from '../../domain/delivery/secure-link.ts';
import { emailStrings } from '../../domain/jobs/job-steps.ts';
import { exampleAnswers, PREVIEW_CASE_ID } from './studio-preview-document.ts';

/** One routed recipient of one document: the message as they would get it, or why they would get none. */
export type PreviewDelivery =
  | { readonly to: PlannedDelivery; readonly message: OutgoingMessage }
  | { readonly to: PlannedDelivery & { readonly status: 'withheld' } };

export interface PreviewDocumentEmails {
  readonly documentType: string;
  readonly title: string;
  readonly deliveries: readonly PreviewDelivery[];
}

export interface PreviewEmailsInput {
  readonly agency: Agency;
  readonly form: Form;
  readonly translationsOf: (locale: string) => Translations | undefined;
  /** The language the client is taken to have asked for: the one being previewed. */
  readonly clientLanguage: string;
  readonly publicBaseUrl: string;
  readonly now: Date;
}

/** Addresses for the recipients a case supplies: reserved example domains (RFC 2606), never anyone's. */
const EXAMPLE_CLIENT = 'client@example.org';
const EXAMPLE_CASE_MANAGER = 'case-manager@example.org';

/**
 * The emails each document of the form would send, routed by the agency's `delivery.routes` and written by the
 * delivery code's own message builder, for a case that lets every route send: the client gave an address they said
 * is safe and confirmed it, consented to every provider, and has a case manager. The agency's own settings still
 * decide (an inbox it left out is shown as not sent). Only composed: nothing here can send, claim or store.
 */
export function previewEmails(templates: TemplateLibrary, input: PreviewEmailsInput): PreviewDocumentEmails[] {
  const { agency, form, now } = input;
  const example = exampleAnswers(form) ?? {};
  const exampleEmail = form.identity?.email === undefined ? undefined : valueAt(example, form.identity.email);
  const facts: CaseFacts = {
    client: { email: typeof exampleEmail === 'string' ? exampleEmail : EXAMPLE_CLIENT, emailIsSafe: true, language: input.clientLanguage, addressVerified: true },
    caseManagerEmail: EXAMPLE_CASE_MANAGER,
    consentedProviders: (agency.providers ?? []).map((provider) => provider.id),
  };
  const strings = emailStrings(templates, agency);
  return form.documents.map((documentType) => {
    const titleIn = (locale: string) => localizedTitle(templates, { agency, form, documentType, locale, labels: packLabels(input.translationsOf, locale) });
    const deliveries = planDeliveries(agency, documentType, facts).map((to): PreviewDelivery => {
      if (to.status === 'withheld') return { to };
      const link = to.method === 'link'
        ? { url: linkUrl(input.publicBaseUrl, agency.id, 'preview-only-this-link-opens-nothing'), expiresAt: new Date(now.getTime() + linkLifetimeHours(agency) * 3_600_000) }
        : undefined;
      return {
        to,
        message: composeMessage({
          agency, strings: strings(to.locale), to, caseId: PREVIEW_CASE_ID, replyTo: EXAMPLE_CASE_MANAGER,
          content: { kind: 'document', documentType, title: titleIn(to.locale), pdf: Buffer.alloc(0), ...(link ? { link } : {}) },
        }),
      };
    });
    return { documentType, title: titleIn(agency.defaultLocale), deliveries };
  });
}
