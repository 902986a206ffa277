import { checkSealedCopy } from '../../domain/signatures/sealed-copy.ts';
import type { SigningStore } from '../../domain/signatures/signing-store.ts';
import { logger } from '../../observability/logger.ts';

/**
 * Why a document's bytes must not be served, or undefined to serve them: `altered` (a sealed copy that does not hash
 * to its signing record's sealedSha256, logged as an error with ids only) or `unsealed` (its record is not sealed
 * yet: not on the case as final). Every route that hands out a stored document asks this first.
 */
export async function sealedCopyRefusal(
  signings: Pick<SigningStore, 'findSigning'>, ids: { readonly agencyId: string; readonly caseId: string; readonly documentId: string }, pdf: Buffer,
): Promise<'altered' | 'unsealed' | undefined> {
  const check = await checkSealedCopy(signings, ids, pdf);
  if (check === 'altered') logger.error('sealed document does not match its seal: not served', { agencyId: ids.agencyId, caseId: ids.caseId, documentId: ids.documentId });
  return check === 'altered' || check === 'unsealed' ? check : undefined;
}
