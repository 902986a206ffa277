import type { DocumentJob } from '../../functions/domain/cases/document-job.ts';
import type { DeliveryOutcome } from '../../functions/domain/delivery/deliver.ts';
import { runJob } from '../../functions/domain/jobs/job-dispatcher.ts';
import type { JobContext } from '../../functions/domain/jobs/job-ports.ts';
import { isInvalidJob, parseJob } from '../../functions/domain/jobs/parse-job.ts';

/** Runs a job given as the queue carries it, as the dispatcher would, without the retries and dead letters. */
export function runWireJob(context: JobContext, wire: DocumentJob): Promise<readonly DeliveryOutcome[]> {
  const job = parseJob(wire);
  if (isInvalidJob(job)) throw new Error(`not a job: ${job.invalid}`);
  return runJob(context, job);
}
