import { completeTermination } from '../cases/auto-termination.ts';
import { REVIEW_REMINDER_TIME, reviewScheduleName } from '../cases/review-reminders.ts';
import type { DeliveryOutcome } from '../delivery/deliver.ts';
import { wireJob, type CompleteTerminationJob } from './job.ts';
import type { JobContext } from './job-ports.ts';
import { completeJob } from './job-steps.ts';
import { withReviews } from './review-job-context.ts';

/**
 * The schedule fired on a termination's earliest day: completes it as staff would. Fired too early (the notice
 * reached the client late, by email, after the schedule was written): schedules it again for the later day.
 */
export function runCompleteTermination(context: JobContext, job: CompleteTerminationJob): Promise<readonly DeliveryOutcome[]> {
  return withReviews(context, job, async ({ reviews, agency, catalog, now }) => {
    const forms = catalog.pack(agency.id)?.forms.values() ?? [];
    const result = await completeTermination(reviews.staffSubmissions, reviews.queue, agency, forms, job, now());
    if (result.outcome === 'too-early') {
      await reviews.scheduler.upsert({
        name: reviewScheduleName(job.agencyId, job.caseId), at: `${result.earliest}T${REVIEW_REMINDER_TIME}`, timeZone: agency.timeZone,
        reminder: wireJob({ ...job, reviewDueAt: result.earliest }),
      });
    }
    await completeJob(context, job);
    return [];
  });
}
