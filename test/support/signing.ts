import { DynamoSigningStore } from '../../functions/adapters/aws/signing-store.ts';
import type { SignaturesDeclaration } from '../../functions/domain/signatures/signature-plan.ts';
import { signaturePlanFor } from '../../functions/domain/signatures/signature-plan.ts';
import type { SigningRecord } from '../../functions/domain/signatures/signing.ts';
import type { LocalStack } from '../../local/stack.ts';
import { mailboxOf } from './mailbox.ts';
import { waitFor } from './wait.ts';

/**
 * The signing record the document worker opened for a case's rendered document of `documentType` (still awaiting):
 * the worker commits the client's `signature-request` job with it when the client signs first, so their mail goes
 * out as in production. Resolves to the document's id.
 */
export async function openSigningFor(stack: LocalStack, agency: { readonly id: string; readonly signatures: SignaturesDeclaration }, caseId: string, documentType: string): Promise<string> {
  if (!signaturePlanFor(agency, documentType)) throw new Error(`${agency.id} has ${documentType} signed by no one`);
  const store = new DynamoSigningStore(stack.resources.tableName);
  const opened = await waitFor(async () => (await store.listSignings(agency.id, caseId))
    .find((stored) => stored.record.documentType === documentType && stored.record.state === 'awaiting'), 60_000, `the ${documentType} signing record of ${caseId}`);
  return opened.record.documentId;
}

export async function signingOf(stack: LocalStack, agencyId: string, caseId: string, documentId: string): Promise<{ record: SigningRecord; version: number }> {
  const stored = await new DynamoSigningStore(stack.resources.tableName).findSigning(agencyId, caseId, documentId);
  if (!stored) throw new Error(`no signing record for ${documentId}`);
  return stored;
}

const SIGN_MAIL = /^(?:.+ asks you to sign a document|.+ le pide que firme un documento|.+ vous demande de signer un document|تطلب منك .+ توقيع مستند)$/;

/** The signing link in the `nth` signature request mailed to `address` (waits for it). */
export async function signLinkMailedTo(stack: LocalStack, address: string, nth = 0) {
  const mail = await waitFor(async () => (await mailboxOf(stack)).filter((m) => m.to.includes(address) && SIGN_MAIL.test(m.subject))[nth], 60_000, `a signature request to ${address}`);
  const link = /^(http:\/\/\S+\/links\/[A-Za-z0-9_-]{43})$/m.exec(mail.text)?.[1];
  if (!link) throw new Error(`no link in the signature request: ${mail.text}`);
  return { mail, link };
}
