import { createHash, randomUUID } from 'node:crypto';
import type { StaffMember } from '../../contracts/staff-claims.ts';
import { isStaffForm, type Form } from '../forms/catalog.ts';
import type { ErrorLanguage } from '../forms/error-language.ts';
import { valueAt } from '../../contracts/json-pointer.ts';
import type { Assessment } from '../forms/scoring.ts';
import type { FieldError } from '../forms/validator.ts';
import type { AuditRecord, CaseRecord } from './case-record.ts';
import { jobsFor, type DocumentJob } from './document-job.ts';
import { rawSubmissionKey, type JobQueue } from './intake.ts';
import type { Agency } from '../forms/agency.ts';
import { isFinal, type CaseState } from '../forms/case-states.ts';
import { allowedMoves, moveOf, takesReviews, type AllowedMove } from './lifecycle.ts';
import { addYears, localDate } from './notice-period.ts';
import { retentionYears } from './retention-years.ts';
import { reviewJobFor } from './review-reminders.ts';
import { isRefusal, terminationStep, type NoticeDelivery, type TerminationRefusal } from './termination-steps.ts';
import { identityOf } from '../forms/identity.ts';
import { checkUploadLinks, type UploadReader } from '../uploads/upload-links.ts';
import type { UploadRecord } from '../uploads/upload-record.ts';
import { StorageError } from './storage-error.ts';
import { uploadLinkErrors } from './upload-link-errors.ts';

export interface StaffReceipt {
  readonly id: string;
  readonly caseId: string;
  readonly receivedAt: string;
  readonly state: CaseState;
  readonly version: number;
}

/** Everything one staff submission writes, in one transaction conditional on the case version it read. */
export interface AcceptedStaffSubmission {
  readonly form: Form;
  readonly before: CaseRecord;
  readonly after: CaseRecord;
  readonly receipt: StaffReceipt;
  readonly rawKey: string;
  readonly requestHash: string;
  readonly idempotencyScope: string;
  readonly idempotencyKey: string | undefined;
  readonly staff: StaffMember;
  readonly assessment: Assessment;
  readonly jobs: readonly DocumentJob[];
  readonly audit: AuditRecord;
  /** One record per risk flag the submission raised. */
  readonly flagAudits: readonly AuditRecord[];
  /** Set by the server for forms with a notice period: the day the notice is issued, in the agency's time zone. */
  readonly noticeDate: string | undefined;
  /** The files the answers name at file questions, as read when checked: the commit links each to the case (upload-links.ts). */
  readonly files: readonly UploadRecord[];
}

export interface StaffSubmissionStore {
  findReceipt(agencyId: string, scope: string, idempotencyKey: string): Promise<{ receipt: StaffReceipt; requestHash: string } | undefined>;
  getCase(agencyId: string, caseId: string): Promise<CaseRecord | undefined>;
  putRawSubmission(key: string, body: Buffer): Promise<void>;
  discardRawSubmission(key: string): Promise<void>;
  /** `files-changed`: a file was linked elsewhere, or its scan answered, since it was read (check again). */
  commitStaffSubmission(submission: AcceptedStaffSubmission): Promise<'committed' | 'idempotency-key-taken' | 'stale' | 'files-changed'>;
  /** The case's `documentType` documents to the client, as SES events last reported them. */
  clientNoticeDeliveries(agencyId: string, caseId: string, documentType: string): Promise<readonly NoticeDelivery[]>;
}

export type StaffOutcome =
  | { readonly outcome: 'created' | 'replayed'; readonly receipt: StaffReceipt }
  | { readonly outcome: 'case-not-found' }
  | { readonly outcome: 'illegal-move'; readonly state: CaseState; readonly allowed: readonly AllowedMove[] }
  | { readonly outcome: 'stale'; readonly state: CaseState; readonly version: number }
  | { readonly outcome: 'invalid'; readonly errors: readonly FieldError[] }
  | Exclude<TerminationRefusal, { readonly outcome: 'no-pending-termination' }>
  | { readonly outcome: 'idempotency-key-reused' };

export interface StaffSubmissionRequest {
  readonly form: Form;
  /** Every staff form of the agency: what the 409 lists as the moves allowed now. */
  readonly agencyForms: Iterable<Form>;
  readonly caseId: string;
  readonly staff: StaffMember;
  readonly rawBody: Buffer;
  readonly body: unknown;
  readonly idempotencyKey: string | undefined;
  /** From If-Match: the case version the client last saw. */
  readonly expectedVersion: number | undefined;
  readonly now: Date;
  readonly requestId: string;
  readonly language: ErrorLanguage;
  /** The agency's rules that apply to staff forms. */
  readonly agency: Pick<Agency, 'timeZone' | 'minimumTerminationNoticeDays' | 'retention' | 'autoCompleteTermination'>;
  /** Where the files answered at file questions are found (the staff form's uploads); without it, no upload id is found. */
  readonly uploads?: UploadReader;
}

/**
 * A staff form submitted against a case: the lifecycle decides whether it may be submitted now and where it moves
 * the case; the write is conditional on the case version read, so a concurrent change is a 409, never an overwrite.
 */
export async function acceptStaffSubmission(
  store: StaffSubmissionStore,
  queue: JobQueue,
  request: StaffSubmissionRequest,
  onEnqueueFailed: (error: unknown) => void,
): Promise<StaffOutcome> {
  const { form, staff, caseId } = request;
  const requestHash = createHash('sha256').update(`${caseId}\n${form.formId}\n`).update(request.rawBody).digest('hex');
  const idempotencyScope = `${caseId}/${form.formId}`;
  if (request.idempotencyKey !== undefined) {
    const previous = await store.findReceipt(form.agencyId, idempotencyScope, request.idempotencyKey);
    if (previous) return previous.requestHash === requestHash ? { outcome: 'replayed', receipt: previous.receipt } : { outcome: 'idempotency-key-reused' };
  }

  const before = await store.getCase(form.agencyId, caseId);
  if (!before) return { outcome: 'case-not-found' };
  if (request.expectedVersion !== undefined && request.expectedVersion !== before.version) {
    return { outcome: 'stale', state: before.state, version: before.version };
  }
  const move = moveOf(form, before.state);
  const illegal = () => ({ outcome: 'illegal-move' as const, state: before.state, allowed: allowedMoves([...request.agencyForms].filter(isStaffForm), before.state) });
  if (move === undefined) return illegal();

  const validation = form.validate(request.body, request.language);
  if (!validation.valid) return { outcome: 'invalid', errors: validation.errors };
  // The files are checked as the intake checks them: received for this agency, form and question, not sent, not infected.
  let files = await checkUploadLinks(request.uploads, form, request.body);
  if (files.refusals.length > 0) return { outcome: 'invalid', errors: uploadLinkErrors(files.refusals, request.language) };
  const submissionId = randomUUID();
  const step = await terminationStep({
    form, before, body: request.body, now: request.now, submissionId, agency: request.agency,
    noticeDeliveries: (document) => store.clientNoticeDeliveries(form.agencyId, caseId, document),
  });
  if (isRefusal(step)) return step.outcome === 'no-pending-termination' ? illegal() : step;

  const at = request.now.toISOString();
  const state = move ?? before.state;
  const reviewDue = form.reviewDue ? valueAt(request.body, form.reviewDue) : undefined;
  const assessment = form.score(request.body);
  const identity = identityOf(form.identity, request.body);
  const { reviewDueAt: _reviewDueAt, reviewSubmissionId: _reviewSubmissionId, noticeUndelivered: _noticeUndelivered, ...rest } = before;
  const after: CaseRecord = {
    ...rest,
    state,
    version: before.version + 1,
    updatedAt: at,
    ...(before.caseManager === undefined && staff.roles.includes('case-manager')
      ? { caseManager: staff.subject, ...(staff.email ? { caseManagerEmail: staff.email } : {}) }
      : {}),
    // No review is due once a termination is pending or the case ended: the date goes with its reminder.
    ...(takesReviews(state) ? reviewFields(before, reviewDue, submissionId) : {}),
    ...(before.noticeUndelivered !== undefined && !step.noticeServed ? { noticeUndelivered: before.noticeUndelivered } : {}),
    ...(step.termination ? { termination: step.termination } : {}),
    ...(assessment.flags.length > 0 ? { riskFlags: [...new Set([...(before.riskFlags ?? []), ...assessment.flags.map((flag) => flag.id)])] } : {}),
    // A consent form replaces the consent on record: what it leaves out is withdrawn.
    ...(form.releaseOfInformation ? { consentedProviders: providerIds(valueAt(request.body, form.releaseOfInformation)) } : {}),
    // A staff form that maps identity (new contact details, say) updates the facts it answers and keeps the others.
    ...(identity ? { identity: { ...before.identity, ...identity } } : {}),
    ...(form.legalHold ? { legalHold: valueAt(request.body, form.legalHold) === true } : {}),
    ...(move && isFinal(move) && !isFinal(before.state) ? retentionFrom(request.now, request.agency) : {}),
  };
  const noticeDate = step.noticeDate;
  const receipt: StaffReceipt = { id: submissionId, caseId, receivedAt: at, state: after.state, version: after.version };
  const rawKey = rawSubmissionKey(form.agencyId, caseId, receipt.id);
  // The review reminder's schedule follows the case in the same transaction, like the documents (review-reminders.ts).
  const reviewJob = reviewJobFor(before, after, receipt.id, request.agency.autoCompleteTermination === true);
  const jobs = [...jobsFor({ agencyId: form.agencyId, caseId, submissionId: receipt.id }, form.documents, assessment.flags), ...(reviewJob ? [reviewJob] : [])];

  const accepted: Omit<AcceptedStaffSubmission, 'files'> = {
    form, before, after, receipt, rawKey, requestHash, idempotencyScope, idempotencyKey: request.idempotencyKey, staff, assessment, jobs, noticeDate,
    audit: { agencyId: form.agencyId, caseId, actor: staff.subject, roles: staff.roles, action: 'submit-form', target: `${form.formId}/${receipt.id}`, at, requestId: request.requestId },
    flagAudits: assessment.flags.map((flag) => ({
      agencyId: form.agencyId, caseId, actor: staff.subject, roles: staff.roles, action: 'raise-risk-flag', target: `${flag.id}/${receipt.id}`, at, requestId: request.requestId,
    })),
  };
  // A file linked by another submission, or whose scan answered, between the check and the commit: checked again once.
  let committed: Awaited<ReturnType<StaffSubmissionStore['commitStaffSubmission']>>;
  for (let attempt = 1; ; attempt++) {
    await store.putRawSubmission(rawKey, request.rawBody);
    committed = await store.commitStaffSubmission({ ...accepted, files: files.files });
    if (committed !== 'files-changed') break;
    await store.discardRawSubmission(rawKey).catch(() => undefined);
    if (attempt === 2) throw new StorageError('dynamodb commit staff submission', { cause: new Error('files kept changing during the commit') });
    files = await checkUploadLinks(request.uploads, form, request.body);
    if (files.refusals.length > 0) return { outcome: 'invalid', errors: uploadLinkErrors(files.refusals, request.language) };
  }
  if (committed !== 'committed') {
    await store.discardRawSubmission(rawKey).catch(() => undefined);
    if (committed === 'stale') {
      const current = await store.getCase(form.agencyId, caseId);
      return { outcome: 'stale', state: current?.state ?? before.state, version: current?.version ?? before.version };
    }
    const winner = await store.findReceipt(form.agencyId, idempotencyScope, request.idempotencyKey!);
    if (!winner) throw new Error('idempotency record vanished after a conflicting commit');
    return winner.requestHash === requestHash ? { outcome: 'replayed', receipt: winner.receipt } : { outcome: 'idempotency-key-reused' };
  }
  // The jobs are committed in the outbox; a failed send here is only a slower path through the sweeper.
  for (const job of jobs) await queue.enqueue(job).catch(onEnqueueFailed);
  return { outcome: 'created', receipt };
}

/** The review date a submission sets (or the one the case had), with the submission that set it. */
function reviewFields(before: CaseRecord, reviewDue: unknown, submissionId: string): Pick<CaseRecord, 'reviewDueAt' | 'reviewSubmissionId'> {
  if (typeof reviewDue === 'string' && reviewDue !== before.reviewDueAt) return { reviewDueAt: reviewDue, reviewSubmissionId: submissionId };
  return {
    ...(before.reviewDueAt !== undefined ? { reviewDueAt: before.reviewDueAt } : {}),
    ...(before.reviewSubmissionId !== undefined ? { reviewSubmissionId: before.reviewSubmissionId } : {}),
  };
}

function providerIds(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string') : [];
}

/** A case that ends now is kept until these days (in the agency's calendar), unless a legal hold stops it. */
function retentionFrom(now: Date, agency: StaffSubmissionRequest['agency']): Pick<CaseRecord, 'endedAt' | 'retainUntil' | 'auditRetainUntil'> {
  const ended = localDate(now, agency.timeZone);
  const { recordsYears, auditYears } = retentionYears(agency);
  return { endedAt: now.toISOString(), retainUntil: addYears(ended, recordsYears), auditRetainUntil: addYears(ended, auditYears) };
}
