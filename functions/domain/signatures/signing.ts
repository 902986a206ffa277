import type { SignatureEvidence } from './evidence.ts';
import type { SignaturePlan, SignerIntent, SignerRole } from './signature-plan.ts';

/**
 * awaiting: signatures are being collected. sealed: final, its PDF signed by the agency. declined: a required signer
 * declined, so it is never sealed (staff make a new document if one is still needed). superseded: a newer document
 * replaced it before it was final. Only awaiting changes.
 */
export type SigningState = 'awaiting' | 'sealed' | 'superseded' | 'declined';

/** not-signed: an optional signer's step closed without them (closeUnsigned), so the document may be sealed. */
export type StepStatus = 'pending' | 'signed' | 'paper' | 'declined' | 'not-signed';

export interface SignerStep {
  readonly role: SignerRole;
  readonly intent: SignerIntent;
  readonly optional: boolean;
  readonly status: StepStatus;
  /** Signed or on paper: who and when; declined: who recorded it and when. */
  readonly evidence?: SignatureEvidence;
  /** Why they declined, as given. */
  readonly reason?: string;
  /** The scan of the paper signature (an upload on the case). */
  readonly paperUploadId?: string;
}

/** One document's signatures: one record per document, beside the case (item `SIGNING#<documentId>`). */
export interface SigningRecord {
  readonly documentId: string;
  readonly documentType: string;
  /** SHA-256 of the PDF every signer is shown. */
  readonly documentSha256: string;
  readonly createdAt: string;
  readonly state: SigningState;
  /** In signing order, as the plan lists the signers. */
  readonly steps: readonly SignerStep[];
  /** SHA-256 of the final PDF (document, signature page, the agency's digital signature). */
  readonly sealedSha256?: string;
  /** The document that replaced this one. */
  readonly supersededBy?: string;
  /** How many times staff sent the client a new signing link (requestLinkAgain), and when last. */
  readonly linkResends?: number;
  readonly linkResentAt?: string;
  /** When the client first asked, from their signing link, for a paper copy instead (askedForPaper). */
  readonly paperRequestedAt?: string;
}

/**
 * Why a change is refused, for the web layer to word: the record is no longer awaiting (superseded, sealed,
 * declined); the role has no step (not-a-signer); the step is signed, on paper or declined already (already-done) or
 * was closed without them (closed); an earlier required signer has not signed yet (out-of-order); what was sent is
 * empty (no-name, no-reason, no-upload); a seal before every step is in (not-ready).
 */
export type SigningRefusal =
  | 'superseded' | 'sealed' | 'declined'
  | 'not-a-signer' | 'already-done' | 'closed' | 'out-of-order'
  | 'no-name' | 'no-reason' | 'no-upload'
  | 'not-ready';

export type SigningResult = { readonly record: SigningRecord; readonly refusal?: undefined } | { readonly refusal: SigningRefusal };

/** A new record for a document the plan has signed: every step pending. */
export function startSigning(plan: SignaturePlan, document: { readonly documentId: string; readonly documentSha256: string; readonly createdAt: string }): SigningRecord {
  return {
    ...document,
    documentType: plan.documentType,
    state: 'awaiting',
    steps: plan.signers.map(({ role, intent, optional }) => ({ role, intent, optional, status: 'pending' })),
  };
}

const isIn = (step: SignerStep): boolean => step.status === 'signed' || step.status === 'paper';

/**
 * A signer's turn comes once every required signer before them has signed (or signed on paper): on the demo's care
 * plan the client signs, then the case manager. Optional signers hold up no one after them, and may sign any time
 * after the required signers before them, until the record is sealed.
 */
const turnCame = (steps: readonly SignerStep[], index: number): boolean => steps.slice(0, index).every((step) => step.optional || isIn(step));

/** The first signer whose turn it is and who has not acted, or undefined when none (or the record is not awaiting). */
export function nextSigner(record: SigningRecord): SignerStep | undefined {
  if (record.state !== 'awaiting') return undefined;
  return record.steps.find((step, index) => step.status === 'pending' && turnCame(record.steps, index));
}

/** The signer signs (typed or drawn on a signing page, or staff in the staff pages). */
export function sign(record: SigningRecord, role: SignerRole, evidence: SignatureEvidence): SigningResult {
  if (evidence.signerName.trim() === '') return refusedOr(record, role, 'no-name');
  return act(record, role, { status: 'signed', evidence });
}

/** Staff record that the signer signed on paper, with the scan uploaded to the case. */
export function recordPaper(record: SigningRecord, role: SignerRole, paper: { readonly paperUploadId: string; readonly evidence: SignatureEvidence }): SigningResult {
  if (paper.paperUploadId.trim() === '') return refusedOr(record, role, 'no-upload');
  if (paper.evidence.signerName.trim() === '') return refusedOr(record, role, 'no-name');
  return act(record, role, { status: 'paper', evidence: paper.evidence, paperUploadId: paper.paperUploadId });
}

/** The signer declines, with a reason: a required signer's decline leaves the document unsealed for good. */
export function decline(record: SigningRecord, role: SignerRole, declined: { readonly reason: string; readonly evidence: SignatureEvidence }): SigningResult {
  const reason = declined.reason.trim();
  if (reason === '') return refusedOr(record, role, 'no-reason');
  return act(record, role, { status: 'declined', evidence: declined.evidence, reason });
}

/**
 * Closes every optional step still pending as not signed, so the document can be sealed without them: the
 * document does not wait for an acknowledgement for ever. When to do it (a link that lapsed, days passed) is the
 * caller's decision.
 */
export function closeUnsigned(record: SigningRecord): SigningResult {
  const closed = stateRefusal(record);
  if (closed) return { refusal: closed };
  return { record: { ...record, steps: record.steps.map((step) => (step.optional && step.status === 'pending' ? { ...step, status: 'not-signed' } : step)) } };
}

/**
 * Staff send the client a new signing link (the last one lapsed, was used, or went astray): counted on the record, so
 * the new request is a delivery of its own (delivery/signature-request.ts). Only while it is the client's turn.
 */
export function requestLinkAgain(record: SigningRecord, at: string): SigningResult {
  const refusal = turnRefusal(record, 'client');
  if (refusal) return { refusal };
  return { record: { ...record, linkResends: (record.linkResends ?? 0) + 1, linkResentAt: at } };
}

/**
 * Whether the document may be sealed: it is awaiting, every required signer signed (or on paper), and no optional
 * signer is still pending (each signed, declined, or closed as not signed).
 */
export function readyToSeal(record: SigningRecord): boolean {
  return record.state === 'awaiting' && record.steps.every((step) => (step.optional ? step.status !== 'pending' : isIn(step)));
}

/** The final PDF is made: the record is sealed with its hash and changes no more. */
export function seal(record: SigningRecord, sealedSha256: string): SigningResult {
  const closed = stateRefusal(record);
  if (closed) return { refusal: closed };
  if (!readyToSeal(record)) return { refusal: 'not-ready' };
  return { record: { ...record, state: 'sealed', sealedSha256 } };
}

/**
 * A newer document replaces this one (a changed care plan needs new signatures): the signatures given so far stay
 * recorded and no more are taken. A declined record may be superseded; a sealed one stays the final word of its day.
 */
export function supersede(record: SigningRecord, newDocumentId: string): SigningResult {
  if (record.state === 'superseded' || record.state === 'sealed') return { refusal: record.state };
  return { record: { ...record, state: 'superseded', supersededBy: newDocumentId } };
}

/**
 * The client asked for a paper copy instead of signing from their link: noted once, while the record is awaiting, so
 * staff see it where they work (a second request keeps the first date: already-done).
 */
export function askedForPaper(record: SigningRecord, at: string): SigningResult {
  const closed = stateRefusal(record);
  if (closed) return { refusal: closed };
  if (record.paperRequestedAt !== undefined) return { refusal: 'already-done' };
  return { record: { ...record, paperRequestedAt: at } };
}

function stateRefusal(record: SigningRecord): SigningRefusal | undefined {
  return record.state === 'awaiting' ? undefined : record.state;
}

/** Why the signer of `role` may not act now, if anything: the pages offer a step's forms only when there is nothing. */
export function turnRefusal(record: SigningRecord, role: SignerRole): SigningRefusal | undefined {
  const closed = stateRefusal(record);
  if (closed) return closed;
  const index = record.steps.findIndex((step) => step.role === role);
  const step = record.steps[index];
  if (!step) return 'not-a-signer';
  if (step.status === 'not-signed') return 'closed';
  if (step.status !== 'pending') return 'already-done';
  return turnCame(record.steps, index) ? undefined : 'out-of-order';
}

/** Whether `role` may sign now: their step is pending and every required signer before them is in. */
export const turnHasCome = (record: SigningRecord, role: SignerRole): boolean => turnRefusal(record, role) === undefined;

/** A refusal of what was sent, unless the signer may not act at all: that refusal comes first. */
function refusedOr(record: SigningRecord, role: SignerRole, refusal: SigningRefusal): SigningResult {
  return { refusal: turnRefusal(record, role) ?? refusal };
}

function act(record: SigningRecord, role: SignerRole, change: Pick<SignerStep, 'status' | 'evidence' | 'reason' | 'paperUploadId'>): SigningResult {
  const refusal = turnRefusal(record, role);
  if (refusal) return { refusal };
  const steps = record.steps.map((step) => (step.role === role ? { ...step, ...change } : step));
  const requiredDeclined = steps.some((step) => !step.optional && step.status === 'declined');
  return { record: { ...record, steps, state: requiredDeclined ? 'declined' : 'awaiting' } };
}
