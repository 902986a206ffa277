import { createHash } from 'node:crypto';
import type { SigningStore } from './signing-store.ts';

const SEALED_SUFFIX = '-signed';

/** The sealed copy of a document: stored and listed on the case beside it, under this id. */
export const signedDocumentId = (documentId: string): string => `${documentId}${SEALED_SUFFIX}`;

export const sha256Hex = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/**
 * What the bytes read for a document are, before anyone is given them: `intact` (a sealed copy whose SHA-256 is the
 * one its signing record was sealed with), `altered` (a sealed copy whose bytes are not those: refuse them),
 * `unsealed` (a sealed copy stored but its record not marked sealed yet: not on the case as final), or
 * `not-sealed-copy` (any other document, served as it is). The lock keeps the sealed version; this check is what
 * stops a newer version put over it, or any other change, from being served or mailed as the signed document.
 */
export type SealedCopyCheck = 'intact' | 'altered' | 'unsealed' | 'not-sealed-copy';

export async function checkSealedCopy(
  store: Pick<SigningStore, 'findSigning'>, ids: { readonly agencyId: string; readonly caseId: string; readonly documentId: string }, pdf: Buffer,
): Promise<SealedCopyCheck> {
  if (!ids.documentId.endsWith(SEALED_SUFFIX)) return 'not-sealed-copy';
  const stored = await store.findSigning(ids.agencyId, ids.caseId, ids.documentId.slice(0, -SEALED_SUFFIX.length));
  if (!stored) return 'not-sealed-copy';
  const expected = stored.record.sealedSha256;
  if (expected === undefined) return 'unsealed';
  return sha256Hex(pdf) === expected ? 'intact' : 'altered';
}
