import { reviewScheduleAction, reviewScheduleName, sameReview } from '../cases/review-reminders.ts';
import type { DeliveryOutcome } from '../delivery/deliver.ts';
import { wireJob, type ScheduleReviewJob } from './job.ts';
import type { JobContext } from './job-ports.ts';
import { completeJob } from './job-steps.ts';
import { applyScheduleAction, withReviews } from './review-job-context.ts';

/** How often the job re-reads the case and writes again before giving the job back to the queue. */
const MAX_ROUNDS = 3;

/**
 * Brings the case's one schedule in line with the case as it stands, not as the job says: jobs may run late, twice
 * or out of order, and each converges on the same schedule. The schedule is upserted or removed by name.
 */
export function runScheduleReview(context: JobContext, job: ScheduleReviewJob): Promise<readonly DeliveryOutcome[]> {
  return withReviews(context, job, async ({ reviews, agency, now }) => {
    const name = reviewScheduleName(job.agencyId, job.caseId);
    const autoCompletion = agency.autoCompleteTermination ? { minimumDays: agency.minimumTerminationNoticeDays } : undefined;
    for (let round = 1; round <= MAX_ROUNDS; round += 1) {
      const read = await reviews.findCase(job.agencyId, job.caseId);
      const action = reviewScheduleAction(read, wireJob(job), agency.timeZone, now(), autoCompletion);
      await applyScheduleAction(reviews, name, agency.timeZone, action);
      // Scheduler has no conditional writes: another job may have written between this read and this write. If the
      // case's review is unchanged since the read, what was written is current; otherwise go round again.
      if (sameReview(read, await reviews.findCase(job.agencyId, job.caseId))) {
        await completeJob(context, job);
        return [];
      }
    }
    throw new Error('the case\'s review kept changing while its schedule was written');
  });
}
