import { RECEIPT_JOB, RISK_ALERT_JOB, type DocumentJob } from '../cases/document-job.ts';
import { COMPLETE_TERMINATION_JOB, REVIEW_REMINDER_JOB, SCHEDULE_REVIEW_JOB } from '../cases/review-reminders.ts';
import { CASE_ASSIGNED_JOB } from '../cases/assignment.ts';
import { FOLLOW_UP_REMINDER_JOB, SCHEDULE_FOLLOW_UP_JOB } from '../cases/follow-up-reminders.ts';
import { SIGNATURE_REQUEST_JOB } from '../delivery/signature-request.ts';
import { SIGNING_REMINDER_JOB } from '../delivery/signing-reminder.ts';
import { SCHEDULE_SIGNING_REMINDER_JOB } from '../signatures/signing-reminders.ts';
import { SEAL_DOCUMENT_JOB } from '../signatures/signing-store.ts';

/** The case and submission every job works for; with the job's wire name they key its record on the case. */
export interface JobIds {
  readonly agencyId: string;
  readonly caseId: string;
  readonly submissionId: string;
}

/** Render a template the submission's form names in its `documents` annotation, store it, deliver it. */
export interface RenderDocumentJob extends JobIds {
  readonly kind: 'document';
  readonly documentType: string;
}

/** Tell staff at once that a raised flag asks for the supervisor, before any document is rendered. */
export interface RiskAlertJob extends JobIds {
  readonly kind: 'risk-alert';
}

/** Send the client the case reference of their intake. */
export interface ReceiptJob extends JobIds {
  readonly kind: 'receipt';
  /** A keyed hash of the intake's network address, for the per-client limit on receipts; never the address. */
  readonly clientKey?: string;
}

/** Bring the case's one review schedule in line with the case. */
export interface ScheduleReviewJob extends JobIds {
  readonly kind: 'schedule-review';
  /** The review date the job was made for; none when the review was cancelled. */
  readonly reviewDueAt?: string;
}

/** The schedule fired: remind the case manager of the review due on `reviewDueAt`. */
export interface ReviewReminderJob extends JobIds {
  readonly kind: 'review-reminder';
  readonly reviewDueAt: string;
}

/** The schedule fired on a pending termination's earliest day: complete it as staff would. */
export interface CompleteTerminationJob extends JobIds {
  readonly kind: 'complete-termination';
  /** The day the schedule was written for. */
  readonly reviewDueAt?: string;
}

/** A supervisor gave the case to a case manager: tell them. `submissionId` is the assignment's id (assignment.ts). */
export interface CaseAssignedJob extends JobIds {
  readonly kind: 'case-assigned';
}

/** Give a note's follow-up its reminder schedule. `submissionId` is the note's id (follow-up-reminders.ts). */
export interface ScheduleFollowUpJob extends JobIds {
  readonly kind: 'schedule-follow-up';
}

/** A note's follow-up date came: remind its owner, unless it was marked done. `submissionId` is the note's id. */
export interface FollowUpReminderJob extends JobIds {
  readonly kind: 'note-follow-up';
}

/** The client's turn to sign came: mail them their signing link. `submissionId` is the signed document's id. */
export interface SignatureRequestJob extends JobIds {
  readonly kind: 'signature-request';
}

/**
 * Every signature of a document is in: seal it (signature page, the agency's digital signature), store the final PDF
 * and deliver it. `submissionId` is the signed document's id (signing-store.ts keeps its job under it).
 */
export interface SealDocumentJob extends JobIds {
  readonly kind: 'seal-document';
}

/** A signing record opened: give its document the reminder's schedule. `submissionId` is the document's id. */
export interface ScheduleSigningReminderJob extends JobIds {
  readonly kind: 'schedule-signing-reminder';
}

/**
 * The document's `reminderDays` passed: close its pending optional steps as not signed, and remind the case manager
 * if a required signer is still pending. `submissionId` is the document's id (signing-reminders.ts).
 */
export interface SigningReminderJob extends JobIds {
  readonly kind: 'signing-reminder';
}

/** One member per kind of work the document worker does; parse-job.ts reads one from a queue message. */
export type Job = RenderDocumentJob | RiskAlertJob | ReceiptJob | ScheduleReviewJob | ReviewReminderJob | CompleteTerminationJob | CaseAssignedJob
  | ScheduleFollowUpJob | FollowUpReminderJob | SealDocumentJob | SignatureRequestJob | ScheduleSigningReminderJob | SigningReminderJob;

/**
 * The job as queues, the outbox, schedules and job records carry it: `documentType` names the kind, so messages
 * written before the union existed, and the job records keyed by it, read the same.
 */
export function wireJob(job: Job): DocumentJob {
  const ids = { agencyId: job.agencyId, caseId: job.caseId, submissionId: job.submissionId };
  switch (job.kind) {
    case 'document': return { documentType: job.documentType, ...ids };
    case 'risk-alert': return { documentType: RISK_ALERT_JOB, ...ids };
    case 'receipt': return { documentType: RECEIPT_JOB, ...ids, ...(job.clientKey !== undefined ? { clientKey: job.clientKey } : {}) };
    case 'schedule-review': return { documentType: SCHEDULE_REVIEW_JOB, ...ids, ...dueAt(job.reviewDueAt) };
    case 'review-reminder': return { documentType: REVIEW_REMINDER_JOB, ...ids, reviewDueAt: job.reviewDueAt };
    case 'complete-termination': return { documentType: COMPLETE_TERMINATION_JOB, ...ids, ...dueAt(job.reviewDueAt) };
    case 'case-assigned': return { documentType: CASE_ASSIGNED_JOB, ...ids };
    case 'schedule-follow-up': return { documentType: SCHEDULE_FOLLOW_UP_JOB, ...ids };
    case 'note-follow-up': return { documentType: FOLLOW_UP_REMINDER_JOB, ...ids };
    case 'signature-request': return { documentType: SIGNATURE_REQUEST_JOB, ...ids };
    case 'seal-document': return { documentType: SEAL_DOCUMENT_JOB, ...ids };
    case 'schedule-signing-reminder': return { documentType: SCHEDULE_SIGNING_REMINDER_JOB, ...ids };
    case 'signing-reminder': return { documentType: SIGNING_REMINDER_JOB, ...ids };
    default: return unknownKind(job);
  }
}

const dueAt = (reviewDueAt: string | undefined) => (reviewDueAt !== undefined ? { reviewDueAt } : {});

/** A switch over Job.kind that forgot a member does not compile. */
export function unknownKind(job: never): never {
  throw new Error(`unknown job kind: ${JSON.stringify((job as { kind?: unknown }).kind)}`);
}
