import { createHash, randomUUID } from 'node:crypto';
import type { Form } from '../forms/catalog.ts';
import type { Assessment } from '../forms/scoring.ts';
import { identityOf, type ClientIdentity } from '../forms/identity.ts';
import type { ErrorLanguage } from '../forms/error-language.ts';
import type { FieldError } from '../forms/validator.ts';
import { jobsFor, type DocumentJob } from './document-job.ts';

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
  /** Writes case, submission, outbox job and idempotency record in one transaction. */
  commit(intake: AcceptedIntake): Promise<'committed' | 'idempotency-key-taken'>;
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
 * sweeper enqueues whatever it missed.
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

  await store.putRawSubmission(rawKey, rawBody);
  const committed = await store.commit({
    agencyId: form.agencyId, formId: form.formId, formVersion: form.version, receipt, rawKey, requestHash, idempotencyKey,
    assessment, identity: identityOf(form.identity, request.body), showCrisisResources, jobs,
  });
  if (committed === 'idempotency-key-taken') {
    // A concurrent request with the same key won the race: answer with its result, drop our copy.
    await store.discardRawSubmission(rawKey).catch(() => undefined);
    const winner = await store.findReceipt(form.agencyId, form.formId, idempotencyKey!);
    if (!winner) throw new Error('idempotency record vanished after a conflicting commit');
    return replay(winner, requestHash);
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
