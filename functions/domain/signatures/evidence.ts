/**
 * What is recorded about one signer's act, and printed on the signature page of the sealed document: enough for
 * someone other than the agency to see who signed, how they were identified, what they were shown and agreed to, and
 * which exact document (by its SHA-256) they saw.
 */
export interface SignatureEvidence {
  /** `client` or a staff role (`case-manager`, `supervisor`, …), as the pack's signature plan names it. */
  readonly signerRole: string;
  /** The name as the client typed it, or the staff member's name. */
  readonly signerName: string;
  readonly method: 'typed' | 'drawn' | 'paper' | 'declined';
  /** The intent words shown beside the signature ("I agree to this care plan"), in the language shown. */
  readonly intentText: string;
  /** The full consent to sign electronically the client was shown and accepted; staff sign without one. */
  readonly consentText?: string;
  /** The language the signer saw the page in (BCP 47). */
  readonly locale: string;
  /** ISO 8601, UTC. */
  readonly signedAt: string;
  /** `link-and-code: <masked address>` or `staff-session: <staff id>`. */
  readonly identifiedBy: string;
  readonly sourceAddress: string;
  readonly userAgent: string;
  /** Hex SHA-256 of the document the signer was shown. */
  readonly documentSha256: string;
}
