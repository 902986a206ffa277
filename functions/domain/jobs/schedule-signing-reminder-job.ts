import type { DeliveryOutcome } from '../delivery/deliver.ts';
import { reminderDaysOf } from '../signatures/signature-plan.ts';
import { signingReminderScheduleAction, signingReminderScheduleName } from '../signatures/signing-reminders.ts';
import type { ScheduleSigningReminderJob } from './job.ts';
import type { JobContext } from './job-ports.ts';
import { completeJob } from './job-steps.ts';
import { PermanentJobError } from './permanent-job-error.ts';
import { applyScheduleAction, withReviews } from './review-job-context.ts';

/**
 * Gives a newly opened signing record its one reminder schedule, as a note's follow-up gets its own: `reminderDays`
 * after it opened, at the reminders' hour on the agency's clock, or on the queue at once if that hour has passed. A
 * record that no longer awaits signatures (or is gone with its purged case) has its schedule removed.
 */
export function runScheduleSigningReminder(context: JobContext, job: ScheduleSigningReminderJob): Promise<readonly DeliveryOutcome[]> {
  return withReviews(context, job, async ({ reviews, agency, now, signing }) => {
    if (!signing) throw new PermanentJobError('signing reminder schedule without a signing store');
    const stored = await signing.store.findSigning(job.agencyId, job.caseId, job.submissionId);
    const action = signingReminderScheduleAction(stored?.record, job, reminderDaysOf(agency), agency.timeZone, now());
    await applyScheduleAction(reviews, signingReminderScheduleName(job.agencyId, job.caseId, job.submissionId), agency.timeZone, action);
    await completeJob(context, job);
    return [];
  });
}
