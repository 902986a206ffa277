import { deliverAll, type DeliveryOutcome, type DeliveryRef, type DeliveryRun } from '../delivery/deliver.ts';
import { composeMessage, type EmailStrings, type MessageContent } from '../delivery/messages.ts';
import { planDeliveries, type CaseFacts, type PlannedDelivery } from '../delivery/routing.ts';
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
}

/** Delivers a notice to everyone the agency routes it to; a recipient that could not be reached yet fails the job for a retry. */
export function deliverNotice(context: JobContext, agency: Agency, job: Job, notice: Notice): Promise<DeliveryOutcome[]> {
  const strings = emailStrings(context.templates, agency);
  return deliverAll({
    ports: context.ports, now: context.now, leaseMs: context.leaseMs,
    ...(notice.allowed ? { allowed: notice.allowed } : {}),
    message: async (to, delivery) => composeMessage({
      agency, strings: strings(to.locale), to, caseId: job.caseId, replyTo: notice.replyTo, content: await notice.content(to, delivery),
    }),
  }, { agencyId: job.agencyId, caseId: job.caseId, documentId: notice.documentId }, planDeliveries(agency, notice.event, notice.facts));
}

/** The job needs nothing more: its record leaves the outbox, so the sweeper does not send it again. */
export function completeJob(context: JobContext, job: Job): Promise<void> {
  return context.ports.completeJob(wireJob(job), context.now());
}
