import { createHash } from 'node:crypto';
import type { CaseNote } from './case-note.ts';
import type { DocumentJob } from './document-job.ts';
import { REVIEW_REMINDER_TIME, scheduleOrSendNow, type ReviewScheduleAction } from './review-reminders.ts';

/**
 * Reminders of notes' follow-up dates, on the review reminders' machinery (review-reminders.ts): a note saved with a
 * follow-up date commits a `schedule-follow-up` job in the outbox with the note; the worker gives the note its own
 * one-time schedule, which sends a `note-follow-up` job to the document queue at the reminders' hour on that day;
 * that job emails the follow-up's owner unless the follow-up was marked done meanwhile. A note is final, so its date
 * never moves: the schedule is written once, and done is checked when it fires.
 */

/** Gives a note's follow-up its schedule (or sends the reminder at once if its hour has passed). */
export const SCHEDULE_FOLLOW_UP_JOB = 'schedule-follow-up';
/** What the schedule sends on the day: the reminder email. Also the routing event (agency.json `delivery.routes`). */
export const FOLLOW_UP_REMINDER_JOB = 'note-follow-up';

/** The job a note's commit carries, if it asks for a follow-up: named after the note, so one per note. */
export function followUpJobFor(note: CaseNote): DocumentJob | undefined {
  if (!note.followUpOn) return undefined;
  return { documentType: SCHEDULE_FOLLOW_UP_JOB, agencyId: note.agencyId, caseId: note.caseId, submissionId: note.noteId };
}

/** A follow-up that no longer needs a reminder: the note is gone (the case was purged), has no date, or is done. */
export function followUpSettled(note: CaseNote | undefined): boolean {
  return !note?.followUpOn || note.followUpDoneAt !== undefined;
}

/**
 * What the note's schedule should be, from the note as it stands. The reminder job carries ids only: it reads the
 * note again when it fires.
 */
export function followUpScheduleAction(note: CaseNote | undefined, timeZone: string, now: Date): ReviewScheduleAction {
  if (!note || followUpSettled(note)) return { action: 'remove' };
  const reminder: DocumentJob = { documentType: FOLLOW_UP_REMINDER_JOB, agencyId: note.agencyId, caseId: note.caseId, submissionId: note.noteId };
  return scheduleOrSendNow(`${note.followUpOn}T${REVIEW_REMINDER_TIME}`, reminder, timeZone, now);
}

/**
 * One schedule per note. Note ids are chosen by the author's client and unique only within their case, so the name
 * is a hash of agency, case and note: it fits Scheduler's 64 characters whatever the ids, and shows no id in the console.
 */
export function followUpScheduleName(agencyId: string, caseId: string, noteId: string): string {
  return `follow-up-${createHash('sha256').update(`${agencyId}/${caseId}/${noteId}`).digest('hex').slice(0, 40)}`;
}
