import { createHash, randomUUID } from 'node:crypto';
import type { Form } from '../forms/catalog.ts';
import type { Assessment } from '../forms/scoring.ts';
import { identityOf, type ClientIdentity } from '../forms/identity.ts';
import type { ErrorLanguage } from '../forms/error-language.ts';
import type { FieldError } from '../forms/validator.ts';
import { jobsFor, type DocumentJob } from './document-job.ts';
import { StorageError } from './storage-error.ts';
import { checkUploadLinks, type UploadReader } from '../uploads/upload-links.ts';
import type { UploadRecord } from '../uploads/upload-record.ts';
import { uploadLinkErrors } from './upload-link-errors.ts';

export interface SubmissionReceipt {
  readonly id: string;
  readonly caseId: string;
  readonly receivedAt: string;
}

/** Everything one accepted intake writes, committed together or not at all. */
export interface AcceptedIntake {
  readonly agencyId: string;
  readonly formId: string;
  readonly formVersion: string;
  readonly receipt: SubmissionReceipt;
  readonly rawKey: string;
  readonly requestHash: string;
  readonly idempotencyKey: string | undefined;
  /** Scores and risk flags computed from the answers, stored with the submission. */
  readonly assessment: Assessment;
  /** Who the case is about, from the answers the form's `x-caseforms.identity` names: stored on the case record. */
  readonly identity: ClientIdentity | undefined;
  readonly showCrisisResources: boolean;
  readonly jobs: readonly DocumentJob[];
  /**
   * The files the answers name at file questions, as read when they were checked: the commit links each to the case
   * only if it is still unlinked and unchanged (same bytes, same scan result), and lists it on the case.
   */
  readonly files: readonly UploadRecord[];
}

export interface StoredReceipt {
  readonly receipt: SubmissionReceipt;
  readonly requestHash: string;
  readonly showCrisisResources: boolean;
}

/** What accepting an intake needs from storage; the AWS adapters implement it. */
export interface IntakeStore {
  findReceipt(agencyId: string, formId: string, idempotencyKey: string): Promise<StoredReceipt | undefined>;
  putRawSubmission(key: string, body: Buffer): Promise<void>;
  /** Only called when the commit is known not to have happened. */
  discardRawSubmission(key: string): Promise<void>;
  /**
   * Writes case, submission, outbox job, idempotency record and file links in one transaction. `files-changed`: a file
   * was linked or its record changed since it was read (nothing was written).
   */
  commit(intake: AcceptedIntake): Promise<'committed' | 'idempotency-key-taken' | 'files-changed'>;
}

export interface JobQueue {
  enqueue(job: DocumentJob): Promise<void>;
}

export type IntakeOutcome =
  | { readonly outcome: 'created' | 'replayed'; readonly receipt: SubmissionReceipt; readonly showCrisisResources: boolean }
  | { readonly outcome: 'idempotency-key-reused' }
  | { readonly outcome: 'invalid'; readonly errors: readonly FieldError[] };

/** The ids that find a stored intake again (its case and submission), for its outcome's log record; none if not stored. */
export function storedIds(result: IntakeOutcome): { readonly caseId?: string; readonly submissionId?: string } {
  return 'receipt' in result ? { caseId: result.receipt.caseId, submissionId: result.receipt.id } : {};
}

export interface IntakeRequest {
  readonly form: Form;
  readonly rawBody: Buffer;
  readonly body: unknown;
  readonly idempotencyKey: string | undefined;
  readonly now: Date;
  /** The language validation errors are written in. */
  readonly language: ErrorLanguage;
  /** Set when the agency sends intake receipts: the submitting client's key, for the per-client receipt limit. */
  readonly receiptClientKey?: string;
  /** Where the files answered at file questions are found; without it, no upload id is found. */
  readonly uploads?: UploadReader;
}

export function rawSubmissionKey(agencyId: string, caseId: string, submissionId: string): string {
  return `agencies/${agencyId}/cases/${caseId}/submissions/${submissionId}.json`;
}

/**
 * Validates a public intake and stores it as a new case.
 *
 * A retry with a known Idempotency-Key is answered from the first result before validation, so a form changed in
 * between cannot turn an accepted retry into an error. The raw body goes to the blob store first, then one
 * transaction makes the case visible together with its outbox job: a failure at any step leaves no case behind,
 * and a committed case always has its document job. The queue send afterwards is only the fast path; the outbox
 * sweeper enqueues whatever it missed. Files named at file questions are checked after validation (refused in the
 * client's language at the question, before anything is stored) and linked in the same transaction.
 */
export async function acceptIntake(
  store: IntakeStore,
  queue: JobQueue,
  request: IntakeRequest,
  onEnqueueFailed: (error: unknown) => void,
): Promise<IntakeOutcome> {
  const { form, rawBody, idempotencyKey } = request;

  if (idempotencyKey !== undefined) {
    const previous = await store.findReceipt(form.agencyId, form.formId, idempotencyKey);
    if (previous) return replay(previous, requestHashOf(form.formId, rawBody));
  }

  const validation = form.validate(request.body, request.language);
  if (!validation.valid) return { outcome: 'invalid', errors: validation.errors };
  // Only a body that can be stored needs its hash: a refusal is the cheap path.
  const requestHash = requestHashOf(form.formId, rawBody);

  const receipt: SubmissionReceipt = { id: randomUUID(), caseId: randomUUID(), receivedAt: request.now.toISOString() };
  const rawKey = rawSubmissionKey(form.agencyId, receipt.caseId, receipt.id);
  const assessment = form.score(request.body);
  const jobs = jobsFor(
    { agencyId: form.agencyId, caseId: receipt.caseId, submissionId: receipt.id }, form.documents, assessment.flags,
    request.receiptClientKey ? { clientKey: request.receiptClientKey } : undefined,
  );
  const showCrisisResources = assessment.flags.some((flag) => flag.showCrisisResources);

  // A file linked by another submission, or whose scan answered, between the check and the commit: checked again once.
  for (let attempt = 1; ; attempt++) {
    const links = await checkUploadLinks(request.uploads, form, request.body);
    if (links.refusals.length > 0) return { outcome: 'invalid', errors: uploadLinkErrors(links.refusals, request.language) };
    await store.putRawSubmission(rawKey, rawBody);
    const committed = await store.commit({
      agencyId: form.agencyId, formId: form.formId, formVersion: form.version, receipt, rawKey, requestHash, idempotencyKey,
      assessment, identity: identityOf(form.identity, request.body), showCrisisResources, jobs, files: links.files,
    });
    if (committed === 'committed') break;
    await store.discardRawSubmission(rawKey).catch(() => undefined);
    if (committed === 'idempotency-key-taken') {
      // A concurrent request with the same key won the race: answer with its result.
      const winner = await store.findReceipt(form.agencyId, form.formId, idempotencyKey!);
      if (!winner) throw new Error('idempotency record vanished after a conflicting commit');
      return replay(winner, requestHash);
    }
    if (attempt === 2) throw new StorageError('dynamodb commit intake', { cause: new Error('files kept changing during the commit') });
  }

  for (const job of jobs) {
    try {
      await queue.enqueue(job);
    } catch (error) {
      onEnqueueFailed(error);
    }
  }
  return { outcome: 'created', receipt, showCrisisResources };
}

/** What a retry with the same Idempotency-Key must match: the form and the bytes sent. */
function requestHashOf(formId: string, rawBody: Buffer): string {
  return createHash('sha256').update(formId).update('\n').update(rawBody).digest('hex');
}

function replay(previous: StoredReceipt, requestHash: string): IntakeOutcome {
  return previous.requestHash === requestHash
    ? { outcome: 'replayed', receipt: previous.receipt, showCrisisResources: previous.showCrisisResources }
    : { outcome: 'idempotency-key-reused' };
}
