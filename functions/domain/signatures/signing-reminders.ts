import { createHash } from 'node:crypto';
import type { DocumentJob } from '../cases/document-job.ts';
import { addDays, localDate } from '../cases/notice-period.ts';
import { REVIEW_REMINDER_TIME, scheduleOrSendNow, type ReviewScheduleAction } from '../cases/review-reminders.ts';
import { SIGNING_REMINDER_JOB } from '../delivery/signing-reminder.ts';
import { closeUnsigned, type SigningRecord } from './signing.ts';

/**
 * What is still unsigned `reminderDays` after a document's signing record opened reminds the case manager, on the
 * review reminders' machinery (cases/review-reminders.ts): the opening commits a `schedule-signing-reminder` job with
 * the record (signing-store.ts signingJobs); the worker gives the document one schedule at the reminders' hour on that
 * day, which sends a `signing-reminder` job (delivery/signing-reminder.ts) to the document queue. When it fires, the
 * optional steps still pending are closed as not signed (a notice never waits on its acknowledgement), and the case
 * manager is emailed if a required signer is still pending.
 */

/** Gives a newly opened signing record its reminder schedule. */
export const SCHEDULE_SIGNING_REMINDER_JOB = 'schedule-signing-reminder';

/**
 * The document's schedule, from the record as it stands: none once it no longer awaits signatures (sealed,
 * declined, superseded, or gone with its purged case). The reminder carries ids only and reads the record again.
 */
export function signingReminderScheduleAction(
  record: SigningRecord | undefined, ids: { readonly agencyId: string; readonly caseId: string }, reminderDays: number, timeZone: string, now: Date,
): ReviewScheduleAction {
  if (!record || record.state !== 'awaiting') return { action: 'remove' };
  const reminder: DocumentJob = { documentType: SIGNING_REMINDER_JOB, agencyId: ids.agencyId, caseId: ids.caseId, submissionId: record.documentId };
  // Counted in the agency's days from the day it opened, as a person counts "five days after".
  const day = addDays(localDate(new Date(record.createdAt), timeZone), reminderDays);
  return scheduleOrSendNow(`${day}T${REVIEW_REMINDER_TIME}`, reminder, timeZone, now);
}

/** One schedule per document; a hash of its ids, as a follow-up's: it fits Scheduler's 64 characters and shows no id. */
export function signingReminderScheduleName(agencyId: string, caseId: string, documentId: string): string {
  return `signing-${createHash('sha256').update(`${agencyId}/${caseId}/${documentId}`).digest('hex').slice(0, 40)}`;
}

/**
 * What the reminder does to a record that still awaits signatures: `closed`, the record with its pending optional
 * steps closed as not signed (undefined when there were none), and whether a required signer is still pending
 * afterwards, so the case manager is reminded. A record that no longer awaits needs nothing.
 */
export function signingReminderDue(record: SigningRecord | undefined): { readonly closed?: SigningRecord; readonly remind: boolean } {
  if (!record || record.state !== 'awaiting') return { remind: false };
  const openOptional = record.steps.some((step) => step.optional && step.status === 'pending');
  const result = openOptional ? closeUnsigned(record) : undefined;
  const after = result && !result.refusal ? result.record : record;
  return { ...(after !== record ? { closed: after } : {}), remind: after.steps.some((step) => !step.optional && step.status === 'pending') };
}
