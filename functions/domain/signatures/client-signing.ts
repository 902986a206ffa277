import type { AuditRecord } from '../cases/case-record.ts';
import type { SecureLink, SignConsent } from '../delivery/secure-link.ts';
import type { SignatureEvidence } from './evidence.ts';
import { reminderDaysOf, type SignaturesDeclaration } from './signature-plan.ts';
import { askedForPaper, sign, type SigningRecord, type SigningRefusal } from './signing.ts';
import type { SigningStore } from './signing-store.ts';

/**
 * The client's part of signing, from the link mailed to them (docs/signatures.md "The client signs"): the rules the
 * pages follow, apart from storage and HTTP. The token alone decides which document is signed.
 */

/**
 * How long a signing link works: the agency's `signatures.reminderDays`, so the link lapses when the case manager is
 * reminded of the unsigned document and can send a new one or offer paper.
 */
export function signLinkValidUntil(agency: { readonly signatures?: SignaturesDeclaration }, now: Date): Date {
  return new Date(now.getTime() + reminderDaysOf(agency) * 86_400_000);
}

/**
 * Why the client may not go on, for the audit record's `reason` and the page's words: the link signed already
 * (used), the client chose paper (paper-chosen), the link is not a signing link the client can use (not-a-sign-link),
 * no consent yet (no-consent), intent not ticked (no-intent), or signing.ts's own refusals (superseded, sealed,
 * declined, already-done, not-a-signer, out-of-order, closed, no-name).
 */
export type ClientSigningRefusal = 'used' | 'paper-chosen' | 'not-a-sign-link' | 'no-consent' | 'no-intent' | SigningRefusal;

/** Which page the link shows now: the consent to sign electronically, or the document and the sign form. */
export type ClientSigningStep =
  | { readonly page: 'consent'; readonly record: SigningRecord }
  | { readonly page: 'read'; readonly record: SigningRecord; readonly consent: Extract<SignConsent, { choice: 'agree' }> }
  | { readonly refusal: ClientSigningRefusal };

/**
 * Whether the client's step may be signed now, by signing.ts's own rules (the record's state, the order, the step
 * itself), asked with a stand-in signature whose result is never kept.
 */
function signingRefusal(record: SigningRecord): SigningRefusal | undefined {
  const standIn: SignatureEvidence = {
    signerRole: 'client', signerName: 'client', method: 'typed', intentText: '', locale: '', signedAt: '', identifiedBy: '', sourceAddress: '', userAgent: '',
    documentSha256: record.documentSha256,
  };
  return sign(record, 'client', standIn).refusal;
}

/** Where a signing link stands: a record that took its last signature, or was superseded, says so first. */
export function clientSigningStep(link: SecureLink, record: SigningRecord | undefined): ClientSigningStep {
  if (link.purpose !== 'sign' || link.codeTo === undefined || record === undefined) return { refusal: 'not-a-sign-link' };
  if (link.usedAt !== undefined) return { refusal: 'used' };
  const refusal = signingRefusal(record);
  if (refusal) return { refusal };
  if (link.signConsent?.choice === 'paper') return { refusal: 'paper-chosen' };
  if (link.signConsent?.choice === 'agree') return { page: 'read', record, consent: link.signConsent };
  return { page: 'consent', record };
}

/** The address a code went to, as the signature page may print it: enough to tell which, not enough to write to. */
export function maskAddress(address: string): string {
  const at = address.lastIndexOf('@');
  if (at < 1) return '***';
  return `${address[0]}***${address.slice(at)}`;
}

/** What the client sent from the sign form, and what the page showed them. */
export interface ClientSignature {
  /** The name as typed. */
  readonly typedName: string;
  /** Whether the intent box was ticked. */
  readonly intentTicked: boolean;
  /** The intent's words, as the page showed them. */
  readonly intentText: string;
  readonly signedAt: string;
  readonly sourceAddress: string | undefined;
  readonly userAgent: string | undefined;
}

/**
 * The client signs: refused, changing nothing, unless the link is at its sign step, the intent is ticked and a name
 * is typed; otherwise the record with the client's step signed and the evidence it keeps (method typed, identified by
 * the link and the code sent to the address the link went to).
 */
export function clientSigns(
  link: SecureLink, record: SigningRecord | undefined, signature: ClientSignature,
): { readonly record: SigningRecord; readonly evidence: SignatureEvidence } | { readonly refusal: ClientSigningRefusal } {
  const step = clientSigningStep(link, record);
  if ('refusal' in step) return step;
  if (step.page !== 'read' || link.codeTo === undefined) return { refusal: 'no-consent' };
  if (!signature.intentTicked) return { refusal: 'no-intent' };
  const signerName = signature.typedName.trim();
  const evidence: SignatureEvidence = {
    signerRole: 'client', signerName, method: 'typed', intentText: signature.intentText, consentText: step.consent.consentText,
    locale: step.consent.locale, signedAt: signature.signedAt, identifiedBy: `link-and-code: ${maskAddress(link.codeTo)}`,
    sourceAddress: signature.sourceAddress ?? 'unknown', userAgent: signature.userAgent ?? 'unknown', documentSha256: step.record.documentSha256,
  };
  const signed = sign(step.record, 'client', evidence);
  return signed.refusal ? { refusal: signed.refusal } : { record: signed.record, evidence };
}

/**
 * The client chose paper from their link (first, or withdrawing their consent): the signing record says so
 * (`paperRequestedAt`, where staff work), saved with the audit record that says it in one transaction. A record that
 * noted it already (the first date stays) or takes nothing more keeps the audit record alone. A change that lost a
 * race with another is tried again on the record as it is then.
 */
export async function notePaperRequest(
  store: Pick<SigningStore, 'findSigning' | 'saveSigning'>, ids: { readonly agencyId: string; readonly caseId: string; readonly documentId: string },
  audit: AuditRecord, recordAccess: (audit: AuditRecord) => Promise<void>,
): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const stored = await store.findSigning(ids.agencyId, ids.caseId, ids.documentId);
    const asked = stored ? askedForPaper(stored.record, audit.at) : undefined;
    if (!stored || !asked || asked.refusal) return recordAccess(audit);
    if ((await store.saveSigning(ids.agencyId, ids.caseId, { record: asked.record, version: stored.version, audit })) === 'saved') return;
  }
  await recordAccess(audit);
}
