import { RECEIPT_JOB, RISK_ALERT_JOB } from '../cases/document-job.ts';
import { COMPLETE_TERMINATION_JOB, REVIEW_REMINDER_JOB, SCHEDULE_REVIEW_JOB } from '../cases/review-reminders.ts';
import { CASE_ASSIGNED_JOB } from '../cases/assignment.ts';
import { FOLLOW_UP_REMINDER_JOB, SCHEDULE_FOLLOW_UP_JOB } from '../cases/follow-up-reminders.ts';
import { SIGNATURE_REQUEST_JOB } from '../delivery/signature-request.ts';
import { SIGNING_REMINDER_JOB } from '../delivery/signing-reminder.ts';
import { SCHEDULE_SIGNING_REMINDER_JOB } from '../signatures/signing-reminders.ts';
import { SEAL_DOCUMENT_JOB } from '../signatures/signing-store.ts';
import type { Job } from './job.ts';

/** Why a message is no job: field names only, never a value, since the reason is logged and kept on the dead letter. */
export interface InvalidJob {
  readonly invalid: string;
}

const REQUIRED = ['documentType', 'agencyId', 'caseId', 'submissionId'] as const;
const OPTIONAL = ['clientKey', 'reviewDueAt'] as const;

/**
 * A queue message's job, as any writer has ever sent it: `{ documentType, agencyId, caseId, submissionId }` with
 * `clientKey` (receipts) or `reviewDueAt` (review jobs). A `documentType` that names no special job is a document to
 * render; whether the agency has that template is for its runner to say, since only the catalog knows.
 */
export function parseJob(value: unknown): Job | InvalidJob {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { invalid: 'not a JSON object' };
  const fields = value as Readonly<Record<string, unknown>>;
  for (const name of REQUIRED) {
    if (typeof fields[name] !== 'string' || fields[name] === '') return { invalid: `${name} is not a non-empty string` };
  }
  for (const name of OPTIONAL) {
    if (fields[name] !== undefined && typeof fields[name] !== 'string') return { invalid: `${name} is not a string` };
  }
  const ids = { agencyId: fields.agencyId as string, caseId: fields.caseId as string, submissionId: fields.submissionId as string };
  const documentType = fields.documentType as string;
  const clientKey = fields.clientKey as string | undefined;
  const reviewDueAt = fields.reviewDueAt as string | undefined;
  const dueAt = reviewDueAt !== undefined ? { reviewDueAt } : {};
  switch (documentType) {
    case RISK_ALERT_JOB: return { kind: 'risk-alert', ...ids };
    case RECEIPT_JOB: return { kind: 'receipt', ...ids, ...(clientKey !== undefined ? { clientKey } : {}) };
    case SCHEDULE_REVIEW_JOB: return { kind: 'schedule-review', ...ids, ...dueAt };
    case REVIEW_REMINDER_JOB:
      // Every schedule is written with its date (review-reminders.ts): a reminder without one came from no writer of ours.
      return reviewDueAt === undefined ? { invalid: 'review-reminder without reviewDueAt' } : { kind: 'review-reminder', ...ids, reviewDueAt };
    case COMPLETE_TERMINATION_JOB: return { kind: 'complete-termination', ...ids, ...dueAt };
    case CASE_ASSIGNED_JOB: return { kind: 'case-assigned', ...ids };
    case SCHEDULE_FOLLOW_UP_JOB: return { kind: 'schedule-follow-up', ...ids };
    case FOLLOW_UP_REMINDER_JOB: return { kind: 'note-follow-up', ...ids };
    case SIGNATURE_REQUEST_JOB: return { kind: 'signature-request', ...ids };
    case SEAL_DOCUMENT_JOB: return { kind: 'seal-document', ...ids };
    case SCHEDULE_SIGNING_REMINDER_JOB: return { kind: 'schedule-signing-reminder', ...ids };
    case SIGNING_REMINDER_JOB: return { kind: 'signing-reminder', ...ids };
    default: return { kind: 'document', documentType, ...ids };
  }
}

export const isInvalidJob = (parsed: Job | InvalidJob): parsed is InvalidJob => 'invalid' in parsed;
