import type { ReviewPorts, ReviewScheduleAction } from '../cases/review-reminders.ts';
import type { Agency } from '../forms/agency.ts';
import type { JobIds } from './job.ts';
import type { JobContext } from './job-ports.ts';
import { PermanentJobError } from './permanent-job-error.ts';

/** What the review jobs (schedule, reminder, termination completion) work with: the agency's clock and the scheduler. */
export type ReviewJobContext = JobContext & { readonly reviews: ReviewPorts; readonly agency: Agency };

/**
 * Runs a review job where it can run at all: without its agency or a configured scheduler it never could, and a
 * review date or time zone that cannot be scheduled (a RangeError) will not get better with retries either.
 */
export async function withReviews<T>(context: JobContext, job: JobIds, work: (reviewContext: ReviewJobContext) => Promise<T>): Promise<T> {
  const agency = context.catalog.agency(job.agencyId);
  if (!agency || !context.reviews) throw new PermanentJobError(`no agency, or no review scheduler configured, for job ${job.submissionId}`);
  try {
    return await work({ ...context, reviews: context.reviews, agency });
  } catch (error) {
    throw error instanceof RangeError ? new PermanentJobError(error.message) : error;
  }
}

/** Writes what a schedule should be: set (or moved) by name, or removed, with an overdue reminder queued first. */
export async function applyScheduleAction(reviews: ReviewPorts, name: string, timeZone: string, action: ReviewScheduleAction): Promise<void> {
  if (action.action === 'schedule') {
    await reviews.scheduler.upsert({ name, at: action.at, timeZone, reminder: action.reminder });
    return;
  }
  // The reminder goes on the queue before the schedule goes: a failure between the two loses nothing.
  if (action.action === 'send-now') await reviews.queue.enqueue(action.reminder);
  await reviews.scheduler.remove(name);
}
