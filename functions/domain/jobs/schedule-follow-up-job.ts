import { followUpScheduleAction, followUpScheduleName } from '../cases/follow-up-reminders.ts';
import type { DeliveryOutcome } from '../delivery/deliver.ts';
import type { ScheduleFollowUpJob } from './job.ts';
import type { JobContext } from './job-ports.ts';
import { completeJob } from './job-steps.ts';
import { applyScheduleAction, withReviews } from './review-job-context.ts';

/**
 * Gives a note's follow-up its one schedule, as the review jobs do for a case's review: at the reminders' hour on the
 * day, or on the queue at once if that hour has passed. A note is final, so its date cannot move under the job; a
 * follow-up marked done (or a note gone with its purged case) has its schedule removed.
 */
export function runScheduleFollowUp(context: JobContext, job: ScheduleFollowUpJob): Promise<readonly DeliveryOutcome[]> {
  return withReviews(context, job, async ({ reviews, agency, now }) => {
    const name = followUpScheduleName(job.agencyId, job.caseId, job.submissionId);
    const action = followUpScheduleAction(await reviews.findNote(job.agencyId, job.caseId, job.submissionId), agency.timeZone, now());
    await applyScheduleAction(reviews, name, agency.timeZone, action);
    await completeJob(context, job);
    return [];
  });
}
