import type { DeliveryOutcome } from '../delivery/deliver.ts';
import { SIGNING_REMINDER } from '../delivery/routing.ts';
import { signingReminderDue } from '../signatures/signing-reminders.ts';
import { signingJobs } from '../signatures/signing-store.ts';
import type { SigningReminderJob } from './job.ts';
import type { JobContext } from './job-ports.ts';
import { completeJob, deliverNotice } from './job-steps.ts';
import { PermanentJobError } from './permanent-job-error.ts';
import { withReviews } from './review-job-context.ts';

const WORKER = 'document-worker';

/**
 * The document's schedule fired, `reminderDays` after its signing record opened. A record that no longer awaits
 * signatures needs nothing. Otherwise its optional steps still pending are closed as not signed, with the audit record
 * and, when that makes it ready, the seal job, in one transaction (a notice never waits on its acknowledgement); and if
 * a required signer is still pending, the case manager is emailed that a document on the case awaits signatures,
 * with the case reference and a link to its signing page, nothing about the client. Claimed like any delivery.
 */
export function runSigningReminder(context: JobContext, job: SigningReminderJob): Promise<readonly DeliveryOutcome[]> {
  return withReviews(context, job, async ({ reviews, agency, signing, now }) => {
    if (!signing) throw new PermanentJobError('signing reminder without a signing store');
    const { agencyId, caseId, submissionId: documentId } = job;
    const stored = await signing.store.findSigning(agencyId, caseId, documentId);
    const due = signingReminderDue(stored?.record);
    if (stored && due.closed) {
      const jobs = signingJobs(stored.record, due.closed);
      const audit = { agencyId, caseId, actor: WORKER, roles: [], action: 'close-unsigned' as const, target: documentId, at: now().toISOString(), requestId: `${documentId}#remind` };
      // A conflict: someone signed meanwhile. The retry reads the record again.
      if ((await signing.store.saveSigning(agencyId, caseId, { record: due.closed, version: stored.version, audit, jobs })) !== 'saved') {
        throw new Error(`signing record ${documentId} changed while its optional steps were closed`);
      }
      // The fast path: the outbox sweeper sends a committed job that never reached the queue.
      await Promise.all(jobs.map((kind) => signing.queue.enqueue({ documentType: kind, agencyId, caseId, submissionId: documentId }).catch(() => undefined)));
    }
    if (!due.remind) {
      await completeJob(context, job);
      return [];
    }
    const current = await reviews.findCase(agencyId, caseId);
    const outcomes = await deliverNotice(context, agency, job, {
      event: SIGNING_REMINDER, documentId: `${documentId}-${SIGNING_REMINDER}`, replyTo: undefined,
      // Staff-only (routing.ts): the case record alone says who the case manager is; the client's details are not read.
      facts: { client: undefined, caseManagerEmail: current?.caseManagerEmail, consentedProviders: [] },
      content: async () => ({
        kind: 'signing-reminder',
        ...(context.staffPagesUrl ? { url: `${context.staffPagesUrl}/staff/${encodeURIComponent(agencyId)}/cases/${encodeURIComponent(caseId)}/signatures/${encodeURIComponent(documentId)}` } : {}),
      }),
    });
    await completeJob(context, job);
    return outcomes;
  });
}
