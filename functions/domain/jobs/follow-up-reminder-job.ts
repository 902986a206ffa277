import { followUpSettled } from '../cases/follow-up-reminders.ts';
import type { DeliveryOutcome } from '../delivery/deliver.ts';
import { NOTE_FOLLOW_UP } from '../delivery/routing.ts';
import type { FollowUpReminderJob } from './job.ts';
import type { JobContext } from './job-ports.ts';
import { completeJob, deliverNotice } from './job-steps.ts';
import { withReviews } from './review-job-context.ts';

/**
 * The note's schedule fired: emails the follow-up's owner that a follow-up is due on the case, with the case's
 * reference and a link to its page, nothing about the client. A follow-up marked done meanwhile, or a note gone with
 * its purged case, completes without sending. Claimed like any delivery, so it goes out once.
 */
export function runFollowUpReminder(context: JobContext, job: FollowUpReminderJob): Promise<readonly DeliveryOutcome[]> {
  return withReviews(context, job, async ({ reviews, agency }) => {
    const note = await reviews.findNote(job.agencyId, job.caseId, job.submissionId);
    if (!note || followUpSettled(note)) {
      await completeJob(context, job);
      return [];
    }
    const outcomes = await deliverNotice(context, agency, job, {
      event: NOTE_FOLLOW_UP, documentId: `${job.submissionId}-${NOTE_FOLLOW_UP}`, replyTo: undefined,
      // Staff-only (routing.ts): the note says whose follow-up it is; the client's contact details are not read.
      facts: { client: undefined, caseManagerEmail: note.followUpOwnerEmail, consentedProviders: [] },
      content: async () => ({
        kind: 'note-follow-up', followUpDate: note.followUpOn!,
        ...(context.staffPagesUrl ? { url: `${context.staffPagesUrl}/staff/${encodeURIComponent(job.agencyId)}/cases/${encodeURIComponent(job.caseId)}` } : {}),
      }),
    });
    await completeJob(context, job);
    return outcomes;
  });
}
