import { completeTermination } from '../cases/auto-termination.ts';
import type { DocumentJob } from '../cases/document-job.ts';
import {
  COMPLETE_TERMINATION_JOB, isStaleReminder, REVIEW_REMINDER_JOB, REVIEW_REMINDER_TIME, reviewScheduleAction, reviewScheduleName, sameReview, type ReviewPorts,
} from '../cases/review-reminders.ts';
import { deliverAll, type DeliveryOutcome } from '../delivery/deliver.ts';
import { composeMessage, type EmailStrings } from '../delivery/messages.ts';
import { planDeliveries, REVIEW_REMINDER } from '../delivery/routing.ts';
import type { Agency } from '../forms/agency.ts';
import type { DocumentJobContext } from './document-job-runner.ts';

/** How often a schedule-review job re-reads the case and writes again before giving the job back to the queue. */
const MAX_ROUNDS = 3;

/**
 * A schedule-review job (bring the case's one schedule in line with the case) or a review-reminder job (the
 * schedule fired: email the case manager, unless the reminder has gone stale). Both are idempotent: the schedule is
 * upserted or removed by name, and the reminder's delivery is claimed like any other.
 */
export async function runReviewJob(
  context: DocumentJobContext & { readonly reviews: ReviewPorts },
  agency: Agency,
  job: DocumentJob,
): Promise<readonly DeliveryOutcome[]> {
  if (job.documentType === REVIEW_REMINDER_JOB) return remind(context, agency, job);
  if (job.documentType === COMPLETE_TERMINATION_JOB) {
    await completeOnSchedule(context, agency, job);
  } else {
    await keepScheduleInStep(context, agency, job);
  }
  await context.ports.completeJob(job, context.now());
  return [];
}

async function keepScheduleInStep({ reviews, now }: DocumentJobContext & { readonly reviews: ReviewPorts }, agency: Agency, job: DocumentJob): Promise<void> {
  const name = reviewScheduleName(job.agencyId, job.caseId);
  for (let round = 1; round <= MAX_ROUNDS; round += 1) {
    const read = await reviews.findCase(job.agencyId, job.caseId);
    const autoCompletion = agency.autoCompleteTermination ? { minimumDays: agency.minimumTerminationNoticeDays } : undefined;
    const action = reviewScheduleAction(read, job, agency.timeZone, now(), autoCompletion);
    if (action.action === 'schedule') {
      await reviews.scheduler.upsert({ name, at: action.at, timeZone: agency.timeZone, reminder: action.reminder });
    } else {
      // The reminder goes on the queue before the schedule goes: a failure between the two loses nothing.
      if (action.action === 'send-now') await reviews.queue.enqueue(action.reminder);
      await reviews.scheduler.remove(name);
    }
    // Scheduler has no conditional writes: another job may have written between this read and this write. If the
    // case's review is unchanged since the read, what was written is current; otherwise go round again.
    if (sameReview(read, await reviews.findCase(job.agencyId, job.caseId))) return;
  }
  throw new Error('the case\'s review kept changing while its schedule was written');
}

/**
 * The schedule fired on a termination's earliest day: complete it as staff would. Fired too early (the notice
 * reached the client late, by email, after the schedule was written): schedule it again for the later day.
 */
async function completeOnSchedule(context: DocumentJobContext & { readonly reviews: ReviewPorts }, agency: Agency, job: DocumentJob): Promise<void> {
  const { reviews, catalog } = context;
  const forms = catalog.pack(agency.id)?.forms.values() ?? [];
  const result = await completeTermination(reviews.staffSubmissions, reviews.queue, agency, forms, job, context.now());
  if (result.outcome !== 'too-early') return;
  const at = `${result.earliest}T${REVIEW_REMINDER_TIME}`;
  await reviews.scheduler.upsert({ name: reviewScheduleName(job.agencyId, job.caseId), at, timeZone: agency.timeZone, reminder: { ...job, reviewDueAt: result.earliest } });
}

async function remind(context: DocumentJobContext & { readonly reviews: ReviewPorts }, agency: Agency, job: DocumentJob): Promise<readonly DeliveryOutcome[]> {
  const { ports, reviews, templates } = context;
  const current = await reviews.findCase(job.agencyId, job.caseId);
  const reviewDate = job.reviewDueAt;
  if (!current || reviewDate === undefined || isStaleReminder(job, current)) {
    await ports.completeJob(job, context.now());
    return [];
  }
  const strings = (locale: string): EmailStrings =>
    (templates.strings(agency.id, 'email', locale) ?? templates.strings(agency.id, 'email', agency.defaultLocale) ?? {}) as EmailStrings;
  // Staff-only (routing.ts): the case record alone says who that is; the client's own contact details are not read.
  const facts = { client: undefined, caseManagerEmail: current.caseManagerEmail, consentedProviders: current.consentedProviders ?? [] };
  const outcomes = await deliverAll({
    ports, now: context.now, leaseMs: context.leaseMs,
    message: async (to) => composeMessage({
      agency, strings: strings(to.locale), to, caseId: job.caseId, replyTo: current.caseManagerEmail, content: { kind: 'review-reminder', reviewDate },
    }),
  }, { agencyId: job.agencyId, caseId: job.caseId, documentId: `${job.submissionId}-${REVIEW_REMINDER_JOB}` }, planDeliveries(agency, REVIEW_REMINDER, facts));
  await ports.completeJob(job, context.now());
  return outcomes;
}
