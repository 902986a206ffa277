/** The digital signature algorithms a key may use; both are what poppler, Acrobat and the EU validators check. */
export type PdfSigningAlgorithm = 'RSASSA_PKCS1_V1_5_SHA_256' | 'ECDSA_SHA_256';

/**
 * The agency's signing key, as the seal needs it: the certificate chain to embed, and a signature over a SHA-256
 * digest. The private key stays wherever it lives (AWS KMS, or a local file): the seal never sees it.
 */
export interface PdfSigningKey {
  /** The signing certificate first, then any intermediates up to (not necessarily including) the root, as PEM. */
  readonly certificatePems: readonly string[];
  readonly algorithm: PdfSigningAlgorithm;
  /**
   * The signature of a SHA-256 digest: PKCS#1 v1.5 bytes for RSA, a DER-encoded ECDSA-Sig-Value for ECDSA (what KMS
   * and Node's crypto both return). Async because KMS is a network call.
   */
  sign(digest: Uint8Array): Promise<Uint8Array>;
}
