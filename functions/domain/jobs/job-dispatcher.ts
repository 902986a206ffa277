import { JOB_MAX_ATTEMPTS, retryDelaySeconds } from '../cases/document-job.ts';
import { StorageError } from '../cases/storage-error.ts';
import { DeliveryRetryError, type DeliveryOutcome } from '../delivery/deliver.ts';
import { logger } from '../../observability/logger.ts';
import { countOutcome } from '../../observability/metrics.ts';
import { runCaseAssigned } from './case-assigned-job.ts';
import { runCompleteTermination } from './complete-termination-job.ts';
import { runFollowUpReminder } from './follow-up-reminder-job.ts';
import { unknownKind, wireJob, type Job } from './job.ts';
import type { JobContext } from './job-ports.ts';
import { isInvalidJob, parseJob } from './parse-job.ts';
import { PermanentJobError } from './permanent-job-error.ts';
import { runReceipt } from './receipt-job.ts';
import { runRenderDocument } from './render-document-job.ts';
import { runReviewReminder } from './review-reminder-job.ts';
import { runRiskAlert } from './risk-alert-job.ts';
import { runScheduleFollowUp } from './schedule-follow-up-job.ts';
import { runScheduleReview } from './schedule-review-job.ts';
import { runScheduleSigningReminder } from './schedule-signing-reminder-job.ts';
import { runSigningReminder } from './signing-reminder-job.ts';
import { runSignatureRequest } from './signature-request-job.ts';
import { runSealDocument } from './seal-document-job.ts';

/** A job's message as the queue delivered it. */
export interface JobMessage {
  readonly id: string;
  readonly body: string;
  /** This delivery's number: 1 the first time. */
  readonly attempts: number;
  /** What the queue needs to hide this delivery for longer. */
  readonly receipt: string;
}

/** Why a job gave up, kept with its dead letter: names and ids, never personal data. */
export interface DeadLetterReason {
  readonly reason: string;
  readonly attempts: number;
  readonly failedAt: string;
}

/** The queue the jobs come from, and the dead-letter queue where `npm run redrive` finds the ones that gave up. */
export interface JobQueueControl {
  deadLetter(body: string, why: DeadLetterReason): Promise<void>;
  /** Backoff: the failed message stays invisible for `seconds` before its next attempt. */
  retryLater(receipt: string, seconds: number): Promise<void>;
}

export interface JobDispatch {
  readonly context: JobContext;
  readonly queue: JobQueueControl;
  /** The first retry's delay; each later one doubles it (retryDelaySeconds). */
  readonly retryBaseSeconds: number;
}

/** Runs one job by its kind. */
export function runJob(context: JobContext, job: Job): Promise<readonly DeliveryOutcome[]> {
  switch (job.kind) {
    case 'document': return runRenderDocument(context, job);
    case 'risk-alert': return runRiskAlert(context, job);
    case 'receipt': return runReceipt(context, job);
    case 'schedule-review': return runScheduleReview(context, job);
    case 'review-reminder': return runReviewReminder(context, job);
    case 'complete-termination': return runCompleteTermination(context, job);
    case 'case-assigned': return runCaseAssigned(context, job);
    case 'schedule-follow-up': return runScheduleFollowUp(context, job);
    case 'note-follow-up': return runFollowUpReminder(context, job);
    case 'signature-request': return runSignatureRequest(context, job);
    case 'seal-document': return runSealDocument(context, job);
    case 'schedule-signing-reminder': return runScheduleSigningReminder(context, job);
    case 'signing-reminder': return runSigningReminder(context, job);
    default: return unknownKind(job);
  }
}

/** The messages not done with, for the queue to deliver again (a partial batch response). */
export async function dispatchJobs(dispatch: JobDispatch, messages: readonly JobMessage[]): Promise<string[]> {
  const failed: string[] = [];
  for (const message of messages) {
    if (!(await dispatchJob(dispatch, message))) failed.push(message.id);
  }
  return failed;
}

/**
 * True when the message is done with: the job succeeded, or it is safely in the dead-letter queue. A failed job is
 * retried with exponential backoff (its message hidden for longer each time); a job that failed JOB_MAX_ATTEMPTS
 * times, can never succeed, or is no job at all, is moved to the dead-letter queue with its reason and, where it
 * is a job, marked dead-lettered on the case. If dead-lettering itself fails, the message is left to the queue's
 * own redrive.
 */
export async function dispatchJob(dispatch: JobDispatch, message: JobMessage): Promise<boolean> {
  const { context } = dispatch;
  const failedAt = context.now().toISOString();
  const parsed = parseJob(parseBody(message.body));
  if (isInvalidJob(parsed)) {
    logger.error('malformed document job', { messageId: message.id, why: parsed.invalid });
    return deadLetter(dispatch, message, { reason: 'malformed document job', attempts: message.attempts, failedAt });
  }
  const wire = wireJob(parsed);
  const ids = { agencyId: wire.agencyId, caseId: wire.caseId, submissionId: wire.submissionId, documentType: wire.documentType };
  // The submission is what a person follows through the logs of every function it passes.
  logger.setCorrelationId(parsed.submissionId);
  try {
    countDeliveries(await runJob(context, parsed));
    countOutcome('Document', 'done');
    logger.info('document job done', ids);
    return true;
  } catch (error) {
    if (error instanceof DeliveryRetryError) countDeliveries(error.outcomes);
    const reason = reasonOf(error);
    logger.warn('document job failed', { ...ids, reason, attempts: message.attempts, messageId: message.id });
    if (error instanceof PermanentJobError || message.attempts >= JOB_MAX_ATTEMPTS) {
      countOutcome('Document', 'dead-lettered');
      const parked = await deadLetter(dispatch, message, { reason, attempts: message.attempts, failedAt });
      if (parked) await context.ports.markDeadLettered(wire, reason, context.now()).catch(() => undefined);
      return parked;
    }
    countOutcome('Document', 'retry');
    await dispatch.queue.retryLater(message.receipt, retryDelaySeconds(message.attempts, dispatch.retryBaseSeconds))
      .catch((delayError: unknown) => logger.warn('retry delay not set', { ...ids, errorName: (delayError as Error).name }));
    return false;
  }
}

function parseBody(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

/** Why a job failed, for its dead letter and the job record: error names and roles, never addresses or answers. */
function reasonOf(error: unknown): string {
  if (error instanceof DeliveryRetryError) return error.message;
  if (error instanceof StorageError) return `${error.step}: ${(error.cause as Error)?.name ?? 'Error'}`;
  if (error instanceof PermanentJobError) return `${error.name}: ${error.message}`;
  return (error as Error)?.name ?? 'Error';
}

function countDeliveries(outcomes: readonly DeliveryOutcome[]): void {
  for (const outcome of new Set(outcomes.map((o) => o.outcome))) countOutcome('Delivery', outcome, { count: outcomes.filter((o) => o.outcome === outcome).length });
}

async function deadLetter(dispatch: JobDispatch, message: JobMessage, why: DeadLetterReason): Promise<boolean> {
  try {
    await dispatch.queue.deadLetter(message.body, why);
    logger.error('document job dead-lettered', { messageId: message.id, reason: why.reason, attempts: why.attempts });
    return true;
  } catch (error) {
    logger.error('dead-lettering failed: left to the queue redrive', { messageId: message.id, errorName: (error as Error).name });
    return false;
  }
}
