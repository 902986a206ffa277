import { createHash } from 'node:crypto';
import type { CaseNote } from './case-note.ts';
import type { CaseRecord } from './case-record.ts';
import type { DocumentJob } from './document-job.ts';
import type { JobQueue } from './intake.ts';
import { takesReviews } from './lifecycle.ts';
import type { StaffSubmissionStore } from './staff-submission.ts';
import { earliestCompletion } from './termination.ts';
import { zonedInstant } from './zoned-time.ts';

/**
 * Review reminders. A care plan's review date (`x-caseforms.reviewDue`) becomes a one-time schedule per case that
 * sends a reminder job to the document queue on that day; the job emails the case manager. The schedule is kept in
 * step with the case by a `schedule-review` job, committed in the outbox with every submission that changes the
 * review date or ends the case, so a change is never lost between the commit and the scheduler.
 */

/** Brings the case's review schedule in line with the case: set, moved, or removed. */
export const SCHEDULE_REVIEW_JOB = 'schedule-review';
/** What the schedule sends on the review date: the reminder email to the case manager. */
export const REVIEW_REMINDER_JOB = 'review-reminder';

/** The reminder goes out at this time on the review date, on the agency's clock. */
export const REVIEW_REMINDER_TIME = '09:00:00';

/**
 * What the schedule sends instead while a termination is pending, for agencies that let the service complete it
 * (agency.autoCompleteTermination): the case's one schedule then fires on the first day services may end.
 */
export const COMPLETE_TERMINATION_JOB = 'complete-termination';

/**
 * The schedule-review job a staff submission needs, if any: the review date changed on an open case (schedule or
 * move it), or the case stopped taking reviews (a termination is pending, or it ended) with a review still
 * scheduled (remove it). Nothing else touches the schedule.
 */
export function reviewJobFor(
  before: CaseRecord, after: CaseRecord, submissionId: string,
  /** The agency lets the service complete terminations (agency.autoCompleteTermination). */
  autoCompletion = false,
): DocumentJob | undefined {
  const ids = { documentType: SCHEDULE_REVIEW_JOB, agencyId: after.agencyId, caseId: after.caseId, submissionId };
  // A termination issued, or its notice served: the schedule becomes the termination's own (COMPLETE_TERMINATION_JOB).
  const terminationMoved = before.state !== after.state || before.termination?.servedOn !== after.termination?.servedOn;
  if (autoCompletion && after.state === 'termination-pending' && terminationMoved) return ids;
  if (!takesReviews(after.state)) return takesReviews(before.state) && before.reviewDueAt !== undefined ? ids : undefined;
  if (after.reviewDueAt !== undefined && after.reviewDueAt !== before.reviewDueAt) return { ...ids, reviewDueAt: after.reviewDueAt };
  return undefined;
}

export type ReviewScheduleAction =
  | { readonly action: 'remove' }
  /** `at` is a local date and time on the agency's clock, as Scheduler's `at()` takes it. */
  | { readonly action: 'schedule'; readonly at: string; readonly reminder: DocumentJob }
  /** The reminder's time has already come (a review date today after the hour, or in the past): send it now. */
  | { readonly action: 'send-now'; readonly reminder: DocumentJob };

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * What the case's schedule should be now, from the case as it stands rather than from the job: jobs may run late,
 * twice or out of order, and each one then converges on the same schedule. The reminder is named after the
 * submission that set the date, so its delivery is claimed once per review date, whichever job wrote it.
 */
export function reviewScheduleAction(
  current: CaseRecord | undefined,
  job: DocumentJob,
  timeZone: string,
  now: Date,
  /** Set for agencies that let the service complete terminations: their minimum notice. */
  autoCompletion?: { readonly minimumDays: number },
): ReviewScheduleAction {
  if (current?.state === 'termination-pending' && current.termination && autoCompletion) {
    const day = earliestCompletion(current.termination, autoCompletion.minimumDays);
    const completion: DocumentJob = {
      documentType: COMPLETE_TERMINATION_JOB, agencyId: current.agencyId, caseId: current.caseId, submissionId: current.termination.submissionId, reviewDueAt: day,
    };
    return scheduleOrSendNow(`${day}T${REVIEW_REMINDER_TIME}`, completion, timeZone, now);
  }
  if (!current || !takesReviews(current.state) || current.reviewDueAt === undefined) return { action: 'remove' };
  if (!CALENDAR_DATE.test(current.reviewDueAt)) throw new RangeError(`review date is not a calendar date: ${JSON.stringify(current.reviewDueAt)}`);
  const reminder: DocumentJob = {
    documentType: REVIEW_REMINDER_JOB, agencyId: current.agencyId, caseId: current.caseId,
    // Cases whose date was set before reminders existed do not record the submission: the job's stands in.
    submissionId: current.reviewSubmissionId ?? job.submissionId, reviewDueAt: current.reviewDueAt,
  };
  return scheduleOrSendNow(`${current.reviewDueAt}T${REVIEW_REMINDER_TIME}`, reminder, timeZone, now);
}

/** A reminder at `at` (local, on the agency's clock): scheduled, or on the queue now if that time has come. */
export function scheduleOrSendNow(at: string, reminder: DocumentJob, timeZone: string, now: Date): ReviewScheduleAction {
  return zonedInstant(at, timeZone).getTime() <= now.getTime() ? { action: 'send-now', reminder } : { action: 'schedule', at, reminder };
}

/** The review facts a schedule is made from: when they are unchanged, a schedule written from them is current. */
export function sameReview(a: CaseRecord | undefined, b: CaseRecord | undefined): boolean {
  const facts = (record: CaseRecord | undefined) => record && [takesReviews(record.state), record.state === 'termination-pending', record.reviewDueAt, record.reviewSubmissionId, record.termination];
  return JSON.stringify(facts(a)) === JSON.stringify(facts(b));
}

/**
 * A reminder that no longer applies: the case is pending termination or ended, or its review date moved after the
 * schedule fired (Scheduler may fire just before an update lands). It is completed without sending anything.
 */
export function isStaleReminder(job: DocumentJob, current: CaseRecord | undefined): boolean {
  return !current || job.reviewDueAt === undefined || !takesReviews(current.state) || current.reviewDueAt !== job.reviewDueAt;
}

/** Scheduler's name rules: 1 to 64 of letters, digits, `-`, `_` and `.`. */
const MAX_SCHEDULE_NAME = 64;

/**
 * One schedule per case, so moving the date replaces it and closing the case removes it. Ids only: schedule names
 * show in the console and in CloudTrail. An agency id too long to fit is shortened to a hash.
 */
export function reviewScheduleName(agencyId: string, caseId: string): string {
  const name = `review-${agencyId}-${caseId}`;
  if (name.length <= MAX_SCHEDULE_NAME) return name;
  return `review-${createHash('sha256').update(agencyId).digest('hex').slice(0, 16)}-${caseId}`;
}

export interface ReviewSchedule {
  readonly name: string;
  /** Local date and time (`YYYY-MM-DDThh:mm:ss`) in `timeZone`. */
  readonly at: string;
  readonly timeZone: string;
  /** The job the schedule puts on the document queue when it fires. */
  readonly reminder: DocumentJob;
}

/** One-time schedules that send a reminder job to the document queue: EventBridge Scheduler in AWS. */
export interface ReviewScheduler {
  /** Creates the schedule, or replaces the one of that name (the review date moved). */
  upsert(schedule: ReviewSchedule): Promise<void>;
  /** Deletes the schedule; one already gone (it fired, or an earlier attempt removed it) is not an error. */
  remove(name: string): Promise<void>;
}

/**
 * What review jobs need besides delivery: the case as it stands, the scheduler, the queue for overdue reminders,
 * and the case store a completed termination is committed through, as a staff member's would be.
 */
export interface ReviewPorts {
  readonly scheduler: ReviewScheduler;
  readonly queue: JobQueue;
  readonly staffSubmissions: StaffSubmissionStore;
  findCase(agencyId: string, caseId: string): Promise<CaseRecord | undefined>;
  /** A note as it stands, for its follow-up's reminder (follow-up-reminders.ts): marked done, or gone with its case. */
  findNote(agencyId: string, caseId: string, noteId: string): Promise<CaseNote | undefined>;
}
