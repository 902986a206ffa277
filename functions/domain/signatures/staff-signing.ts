import type { Role } from '../../contracts/roles.ts';
import type { AuditRecord } from '../cases/case-record.ts';
import type { UploadRecord } from '../uploads/upload-record.ts';
import type { SignatureEvidence } from './evidence.ts';
import type { SignerRole } from './signature-plan.ts';
import { decline, recordPaper, requestLinkAgain, sign, type SigningRecord, type SigningRefusal, type SigningResult } from './signing.ts';
import { signingJobs, type SigningJobKind, type SigningStore, type StoredSigning } from './signing-store.ts';

/** Staff who may record a client's paper signature or refusal on the client's behalf. */
export const CLIENT_STEP_RECORDERS: readonly Role[] = ['case-manager', 'supervisor'];

/** What a staff member does on a document's signing page. */
export type StaffSigningAction =
  | { readonly action: 'sign'; readonly role: SignerRole; readonly signerName: string }
  | { readonly action: 'decline'; readonly role: SignerRole; readonly reason: string }
  | { readonly action: 'paper'; readonly role: SignerRole; readonly signerName: string; readonly paperUploadId: string }
  /** Send the client a new signing link (their step pending, their turn come). */
  | { readonly action: 'resend'; readonly role: 'client' };

/**
 * A new signing link no sooner than this after the last one staff sent: a double click, or two colleagues at once,
 * send the client one mail, not several.
 */
export const RESEND_PAUSE_MINUTES = 5;

/** Who is acting, from where, and the words they were shown: what the evidence of their act records. */
export interface StaffSigningContext {
  readonly staff: { readonly subject: string; readonly roles: readonly Role[]; readonly email?: string | undefined };
  /** The intent words shown beside the step ("I agree to this care plan."), in `locale`. */
  readonly intentText: string;
  readonly locale: string;
  readonly sourceAddress: string;
  readonly userAgent: string;
  /** The clean files of the case, by upload id: a paper signature's scan is one of them, or just uploaded (`uploadedScan`). */
  readonly caseFileIds: ReadonlySet<string>;
  /**
   * A scan uploaded on this case's signing page (paper-scan.ts), received and not yet linked nor found infected; a file
   * still being checked for viruses is taken, as a staff form takes it, and opens once the check passes.
   */
  readonly uploadedScan: (uploadId: string) => Promise<UploadRecord | undefined>;
  readonly audit: (action: AuditRecord['action'], target: string) => AuditRecord;
  readonly now: Date;
}

/**
 * not-found: no such document's record on this case. not-allowed: the staff member's roles do not include the step's
 * (or, for the client's step, are not CLIENT_STEP_RECORDERS). unknown-file: the scan is neither a clean file of the case
 * nor a scan uploaded on its signing page.
 * changed: someone else changed the record between reading and saving (the page is shown again to try once more).
 * too-soon: a new link was sent less than RESEND_PAUSE_MINUTES ago.
 */
export type StaffSigningOutcome =
  | { readonly outcome: 'saved'; readonly record: SigningRecord; readonly sealing: boolean; readonly jobs: readonly SigningJobKind[] }
  | { readonly outcome: 'not-found' | 'not-allowed' | 'unknown-file' | 'changed' | 'too-soon' }
  | { readonly outcome: 'refused'; readonly refusal: SigningRefusal };

/** May this staff member act on the step of `role`: their own role's step, or the client's as a recorder. */
export function mayActOn(staff: StaffSigningContext['staff'], role: SignerRole): boolean {
  return role === 'client' ? staff.roles.some((held) => CLIENT_STEP_RECORDERS.includes(held)) : staff.roles.includes(role);
}

/**
 * A staff member signs their step, declines it (or records the client's refusal), records the client's paper
 * signature with its scan, or sends the client a new signing link. signing.ts decides the order; the record is saved
 * with its audit record and the jobs the change starts (the seal once ready; the client's mail), in one transaction.
 */
export async function actOnSigning(store: SigningStore, ids: SigningIds, act: StaffSigningAction, context: StaffSigningContext): Promise<StaffSigningOutcome> {
  // A scan just uploaded is linked on the condition that its virus check still says what was read; a check that ends
  // between the read and the save is no one else's change, so the act is tried again on what is stored now (the
  // rules refuse it then if someone did act meanwhile).
  for (let attempt = 1; ; attempt += 1) {
    const outcome = await attemptOnSigning(store, ids, act, context);
    if (outcome.outcome !== 'changed' || act.action !== 'paper' || attempt === PAPER_ATTEMPTS) return outcome;
  }
}

type SigningIds = { readonly agencyId: string; readonly caseId: string; readonly documentId: string };

/** How many times a paper signature is tried when its save finds something changed (the scan's check, most often). */
const PAPER_ATTEMPTS = 3;

async function attemptOnSigning(store: SigningStore, ids: SigningIds, act: StaffSigningAction, context: StaffSigningContext): Promise<StaffSigningOutcome> {
  const stored: StoredSigning | undefined = await store.findSigning(ids.agencyId, ids.caseId, ids.documentId);
  if (!stored) return { outcome: 'not-found' };
  const { record } = stored;
  if (!record.steps.some((step) => step.role === act.role)) return { outcome: 'refused', refusal: 'not-a-signer' };
  if (!mayActOn(context.staff, act.role)) return { outcome: 'not-allowed' };
  const recorder = context.staff.email ?? context.staff.subject;
  const evidence = (signerName: string, method: SignatureEvidence['method']): SignatureEvidence => ({
    signerRole: act.role, signerName: signerName.trim(), method, intentText: context.intentText, locale: context.locale, signedAt: context.now.toISOString(),
    identifiedBy: `staff-session: ${context.staff.subject}`, sourceAddress: context.sourceAddress, userAgent: context.userAgent, documentSha256: record.documentSha256,
  });
  let result: SigningResult;
  let action: AuditRecord['action'];
  let linkedFile: UploadRecord | undefined;
  switch (act.action) {
    case 'sign':
      result = sign(record, act.role, evidence(act.signerName, 'typed'));
      action = 'sign-document';
      break;
    case 'decline':
      result = decline(record, act.role, { reason: act.reason, evidence: evidence(recorder, 'declined') });
      action = 'decline-signature';
      break;
    case 'paper':
      if (act.paperUploadId !== '' && !context.caseFileIds.has(act.paperUploadId)) {
        linkedFile = await context.uploadedScan(act.paperUploadId);
        if (!linkedFile) return { outcome: 'unknown-file' };
      }
      result = recordPaper(record, act.role, { paperUploadId: act.paperUploadId, evidence: evidence(act.signerName, 'paper') });
      action = 'paper-signature';
      break;
    case 'resend': {
      result = requestLinkAgain(record, context.now.toISOString());
      // The record's own refusal (not the client's turn, no longer awaiting) says more than "too soon".
      const sinceLast = record.linkResentAt === undefined ? Infinity : context.now.getTime() - Date.parse(record.linkResentAt);
      if (!result.refusal && sinceLast < RESEND_PAUSE_MINUTES * 60_000) return { outcome: 'too-soon' };
      action = 'resend-signing-link';
      break;
    }
  }
  if (result.refusal) return { outcome: 'refused', refusal: result.refusal };
  // The seal once the record is ready; the client's signing mail when a staff signer before them has just signed, or
  // when staff send a new link (the request job reads the record's count of them, so it is a mail of its own).
  const jobs = act.action === 'resend' ? ['signature-request' as const] : signingJobs(record, result.record);
  const saved = await store.saveSigning(ids.agencyId, ids.caseId, { record: result.record, version: stored.version, audit: context.audit(action, ids.documentId), jobs, ...(linkedFile ? { linkedFile } : {}) });
  return saved === 'saved' ? { outcome: 'saved', record: result.record, sealing: jobs.includes('seal-document'), jobs } : { outcome: 'changed' };
}
