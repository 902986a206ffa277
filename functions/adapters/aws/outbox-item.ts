import type { DocumentJob } from '../../domain/cases/document-job.ts';
import { keys, OUTBOX_PENDING } from '../../contracts/table-design.ts';

/** The fast path enqueues at once; the sweeper only steps in for jobs still pending after this grace. */
export const OUTBOX_GRACE_MS = 60_000;

/**
 * A job waiting in its case's outbox, written in the same transaction as what it follows from (an intake, a staff
 * submission, an assignment, a note): the sweeper sends it if the fast path did not, after the grace.
 */
export function outboxJobItem(job: DocumentJob, submissionId: string, at: string): Record<string, unknown> {
  return {
    pk: keys.case(job.agencyId, job.caseId), sk: keys.job(submissionId, job.documentType), type: 'job', job, status: 'pending', outbox: OUTBOX_PENDING,
    dueAt: new Date(Date.parse(at) + OUTBOX_GRACE_MS).toISOString(), createdAt: at,
  };
}
