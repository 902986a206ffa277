import { isStaleReminder } from '../cases/review-reminders.ts';
import type { DeliveryOutcome } from '../delivery/deliver.ts';
import { REVIEW_REMINDER } from '../delivery/routing.ts';
import { wireJob, type ReviewReminderJob } from './job.ts';
import type { JobContext } from './job-ports.ts';
import { completeJob, deliverNotice } from './job-steps.ts';
import { withReviews } from './review-job-context.ts';

/**
 * The schedule fired: emails the case manager the review date and the case reference, unless the reminder has
 * gone stale (then it completes without sending). Its delivery is claimed like any other, so it goes out once.
 */
export function runReviewReminder(context: JobContext, job: ReviewReminderJob): Promise<readonly DeliveryOutcome[]> {
  return withReviews(context, job, async ({ reviews, agency }) => {
    const current = await reviews.findCase(job.agencyId, job.caseId);
    if (!current || isStaleReminder(wireJob(job), current)) {
      await completeJob(context, job);
      return [];
    }
    const outcomes = await deliverNotice(context, agency, job, {
      event: REVIEW_REMINDER, documentId: `${job.submissionId}-${REVIEW_REMINDER}`, replyTo: current.caseManagerEmail,
      // Staff-only (routing.ts): the case record alone says who that is; the client's own contact details are not read.
      facts: { client: undefined, caseManagerEmail: current.caseManagerEmail, consentedProviders: current.consentedProviders ?? [] },
      content: async () => ({ kind: 'review-reminder', reviewDate: job.reviewDueAt }),
    });
    await completeJob(context, job);
    return outcomes;
  });
}
