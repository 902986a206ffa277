import type { DeliveryOutcome } from '../delivery/deliver.ts';
import { CASE_ASSIGNED } from '../delivery/routing.ts';
import { PermanentJobError } from './permanent-job-error.ts';
import { wireJob, type CaseAssignedJob } from './job.ts';
import type { JobContext } from './job-ports.ts';
import { completeJob, deliverNotice } from './job-steps.ts';

/**
 * Tells the new case manager the case is theirs: the case reference, nothing about the client. A later assignment
 * makes this one's notice stale (the case names its last assignment): it completes without sending, and the later
 * one tells whoever has the case now. Claimed like any delivery, so it goes out once.
 */
export async function runCaseAssigned(context: JobContext, job: CaseAssignedJob): Promise<readonly DeliveryOutcome[]> {
  const agency = context.catalog.agency(job.agencyId);
  if (!agency) throw new PermanentJobError(`agency ${job.agencyId} is not served`);
  const current = await context.ports.caseContext(wireJob(job));
  if (current.assignmentId !== job.submissionId) {
    await completeJob(context, job);
    return [];
  }
  const outcomes = await deliverNotice(context, agency, job, {
    event: CASE_ASSIGNED, documentId: `${job.submissionId}-${CASE_ASSIGNED}`, replyTo: undefined,
    // Staff-only (routing.ts): the case record alone says who that is; the client's contact details are not read.
    facts: { client: undefined, caseManagerEmail: current.caseManagerEmail, consentedProviders: current.consentedProviders },
    content: async () => ({ kind: 'case-assigned' }),
  });
  await completeJob(context, job);
  return outcomes;
}
