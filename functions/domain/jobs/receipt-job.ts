import { RECEIPT_JOB } from '../cases/document-job.ts';
import type { DeliveryOutcome } from '../delivery/deliver.ts';
import { answersOnce, caseContextFor } from './case-context.ts';
import { wireJob, type ReceiptJob } from './job.ts';
import type { JobContext } from './job-ports.ts';
import { completeJob, deliverNotice } from './job-steps.ts';
import { jobSubmission } from './job-submission.ts';

/** Sends the client their case reference, within the daily limits per address and per client (receipts.ts). */
export async function runReceipt(context: JobContext, job: ReceiptJob): Promise<readonly DeliveryOutcome[]> {
  const { ports } = context;
  const wire = wireJob(job);
  const { agency } = await jobSubmission(context, wire);
  const caseContext = await caseContextFor(context, wire, answersOnce(ports));
  const outcomes = await deliverNotice(context, agency, job, {
    event: RECEIPT_JOB, documentId: `${job.submissionId}-${RECEIPT_JOB}`, facts: caseContext.facts, replyTo: caseContext.caseManagerEmail, clientAddress: caseContext.clientAddress,
    // Only the client is ever limited: a receipt routed to staff as well is their own copy.
    allowed: async (to, delivery) => to.kind !== 'client' || ports.allowReceipt({
      agencyId: job.agencyId, address: to.address, clientKey: job.clientKey, deliveryId: `${delivery.documentId}#${delivery.recipient}`, now: context.now(),
    }),
    content: async () => ({ kind: 'receipt' }),
  });
  await completeJob(context, job);
  return outcomes;
}
