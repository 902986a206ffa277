import type { DocumentJob } from './document-job.ts';
import type { JobQueue } from './intake.ts';

export interface PendingJob {
  readonly job: DocumentJob;
  readonly dueAt: string;
}

/** The outbox as the sweeper sees it: jobs committed with their case and not yet completed by a worker. */
export interface Outbox {
  due(now: Date, limit: number): Promise<readonly PendingJob[]>;
  /** Pushes the job's next check into the future so it is not re-enqueued on every sweep. */
  postpone(job: DocumentJob, until: Date): Promise<void>;
}

export const SWEEP_RETRY_MS = 5 * 60_000;

/**
 * Enqueues every committed job whose fast-path send was lost (queue down, container killed after the commit).
 * A job is enqueued again every SWEEP_RETRY_MS until a worker completes it; the worker is idempotent, so an
 * extra message costs a render, never a second email.
 */
export async function sweepOutbox(outbox: Outbox, queue: JobQueue, now: Date, limit = 100): Promise<number> {
  const due = await outbox.due(now, limit);
  for (const { job } of due) {
    await queue.enqueue(job);
    await outbox.postpone(job, new Date(now.getTime() + SWEEP_RETRY_MS));
  }
  return due.length;
}
