import type { DeliveryOutcome } from '../delivery/deliver.ts';
import { planDeliveries } from '../delivery/routing.ts';
import { linkTokenHash, linkUrl, newLinkToken } from '../delivery/secure-link.ts';
import { signLinkValidUntil } from '../signatures/client-signing.ts';
import { SIGNATURE_REQUEST_JOB, signatureRequestDeliveryId } from '../delivery/signature-request.ts';
import { turnHasCome } from '../signatures/signing.ts';
import { answersOnce, caseContextFor } from './case-context.ts';
import { wireJob, type SignatureRequestJob } from './job.ts';
import type { JobContext } from './job-ports.ts';
import { completeJob, deliverNotice } from './job-steps.ts';
import { PermanentJobError } from './permanent-job-error.ts';

/**
 * Mails the client their signing link when it is their turn to sign: a single-use secure link with `purpose: 'sign'`
 * that always asks for a one-time code at the address it went to, and works for the agency's `reminderDays`. The mail
 * says only that the agency asks them to sign a document (messages.ts). Sent as a document is: only to an address the
 * client confirmed (held until then, and put back on the queue by the confirmation) and claimed once. A request whose
 * document no longer waits for the client (signed, superseded, sealed) completes without sending.
 */
export async function runSignatureRequest(context: JobContext, job: SignatureRequestJob): Promise<readonly DeliveryOutcome[]> {
  const { ports, catalog, signing } = context;
  const agency = catalog.agency(job.agencyId);
  if (!agency) throw new PermanentJobError(`agency ${job.agencyId} is not served`);
  if (!signing) throw new PermanentJobError('signature request without a signing store');
  const documentId = job.submissionId;
  const stored = await signing.store.findSigning(job.agencyId, job.caseId, documentId);
  if (stored === undefined || !turnHasCome(stored.record, 'client')) {
    await completeJob(context, job);
    return [];
  }
  const caseContext = await caseContextFor(context, wireJob(job), answersOnce(ports));
  // When the document itself goes to the client, its delivery asks them to confirm their address: one notice, not two.
  const documentAsks = planDeliveries(agency, stored.record.documentType, caseContext.facts).some((planned) => planned.recipient === 'client');
  const outcomes = await deliverNotice(context, agency, job, {
    event: SIGNATURE_REQUEST_JOB, documentId: signatureRequestDeliveryId(documentId, stored.record.linkResends), facts: caseContext.facts,
    replyTo: caseContext.caseManagerEmail, clientAddress: caseContext.clientAddress, asksToConfirm: !documentAsks,
    content: async (to, delivery) => {
      const token = newLinkToken();
      const createdAt = context.now();
      const expiresAt = signLinkValidUntil(agency, createdAt);
      await ports.createLink({
        ...delivery, documentId, tokenHash: linkTokenHash(token), createdAt: createdAt.toISOString(), validUntil: expiresAt.toISOString(),
        // Always a code, whatever the agency's delivery.linkCode: the code to this address is what identifies the signer.
        purpose: 'sign', codeTo: to.address, codeLocale: to.locale,
      });
      return { kind: 'signature-request', url: linkUrl(context.publicBaseUrl, job.agencyId, token), expiresAt };
    },
  });
  await completeJob(context, job);
  return outcomes;
}
