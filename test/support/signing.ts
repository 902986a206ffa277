import { randomUUID } from 'node:crypto';
import { SqsJobQueue } from '../../functions/adapters/aws/job-queue.ts';
import { DynamoSigningStore } from '../../functions/adapters/aws/signing-store.ts';
import { keys } from '../../functions/contracts/table-design.ts';
import type { SignaturesDeclaration } from '../../functions/domain/signatures/signature-plan.ts';
import { signaturePlanFor } from '../../functions/domain/signatures/signature-plan.ts';
import { startSigning, type SigningRecord } from '../../functions/domain/signatures/signing.ts';
import { tableItems } from '../../local/aws-readback.ts';
import type { LocalStack } from '../../local/stack.ts';
import { mailboxOf } from './mailbox.ts';
import { waitFor } from './wait.ts';

/**
 * A rendered document's signing record, opened as the document job opens it (SigningStore.openSigning, with the
 * `signature-request` job in the same transaction), unless that job opened it already: the client's link then goes
 * out through the worker and the mail, as in production.
 */
export async function openSigningFor(stack: LocalStack, agency: { readonly id: string; readonly signatures: SignaturesDeclaration }, caseId: string, documentType: string): Promise<string> {
  const document = await waitFor(async () => (await tableItems(stack.resources.tableName))
    .find((item) => item.pk === keys.case(agency.id, caseId) && item.type === 'document' && item.documentType === documentType), 60_000, `the ${documentType} of ${caseId}`);
  const documentId = String(document.documentId);
  const plan = signaturePlanFor(agency, documentType);
  if (!plan) throw new Error(`${agency.id} has ${documentType} signed by no one`);
  const record = startSigning(plan, { documentId, documentSha256: String(document.sha256), createdAt: new Date().toISOString() });
  const clientFirst = plan.signers[0]?.role === 'client';
  const opened = await new DynamoSigningStore(stack.resources.tableName).openSigning(agency.id, caseId, {
    record, jobs: clientFirst ? ['signature-request'] : [],
    audit: { agencyId: agency.id, caseId, actor: 'worker', roles: [], action: 'open-signing', target: documentId, at: new Date().toISOString(), requestId: randomUUID() },
  });
  // The request goes now, as a committing function sends its jobs (rather than a minute later by the sweeper), whoever
  // opened the record: the job itself sends nothing unless the client is next, and mails them once.
  if (opened !== 'conflict' && clientFirst) {
    await new SqsJobQueue(stack.resources.documentQueueUrl).enqueue({ documentType: 'signature-request', agencyId: agency.id, caseId, submissionId: documentId });
  }
  return documentId;
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
