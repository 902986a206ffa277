import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { delayRetry, sendToDeadLetterQueue } from '../adapters/aws/dead-letters.ts';
import { AwsDocumentJobPorts } from '../adapters/aws/document-job-store.ts';
import { reviewPortsFrom } from '../adapters/aws/review-scheduler.ts';
import { isDocumentJob, JOB_MAX_ATTEMPTS, retryDelaySeconds, type DocumentJob } from '../domain/cases/document-job.ts';
import { StorageError } from '../domain/cases/storage-error.ts';
import { DeliveryRetryError, type DeliveryOutcome } from '../domain/delivery/deliver.ts';
import { PdfRenderer } from '../adapters/chromium/pdf-renderer.ts';
import { PermanentJobError, runDocumentJob, type DocumentJobContext } from '../domain/documents/document-job-runner.ts';
import { TemplateLibrary } from '../domain/documents/templates.ts';
import { logger } from '../observability/logger.ts';
import { countOutcome } from '../observability/metrics.ts';
import { getServices, type Services } from '../services.ts';

let context: { readonly services: Services; readonly job: DocumentJobContext; readonly ports: AwsDocumentJobPorts; readonly deadLetterQueueUrl: string } | undefined;

/** The browser lives as long as the container: exported so the local stack can close it on shutdown. */
export const renderer = new PdfRenderer();

function jobContext() {
  const services = getServices();
  if (context?.services === services) return context;
  const { config, catalog, blobs, formVersions } = services;
  if (!config.publicBaseUrl || !config.deadLetterQueueUrl) {
    throw new Error('PUBLIC_BASE_URL and DEAD_LETTER_QUEUE_URL must be set for the document worker');
  }
  const ports = new AwsDocumentJobPorts(config.tableName, blobs, config.sesConfigurationSets);
  const job: DocumentJobContext = {
    ports,
    catalog,
    formVersions,
    templates: new TemplateLibrary(config.templatesDir),
    renderer,
    now: () => new Date(),
    publicBaseUrl: config.publicBaseUrl,
    leaseMs: config.deliveryLeaseSeconds * 1000,
    reviews: reviewPortsFrom(config, services.caseStore, services.jobQueue),
  };
  context = { services, job, ports, deadLetterQueueUrl: config.deadLetterQueueUrl };
  return context;
}

/** Why a job failed, for its dead letter and the job record: error names and roles, never addresses or answers. */
function reasonOf(error: unknown): string {
  if (error instanceof DeliveryRetryError) return error.message;
  if (error instanceof StorageError) return `${error.step}: ${(error.cause as Error)?.name ?? 'Error'}`;
  if (error instanceof PermanentJobError) return `${error.name}: ${error.message}`;
  return (error as Error)?.name ?? 'Error';
}

/**
 * SQS → document jobs. A failed job is retried with exponential backoff (its message hidden for longer each time);
 * a job that failed JOB_MAX_ATTEMPTS times, or can never succeed, is moved to the dead-letter queue by this worker
 * with its reason and marked dead-lettered on the case, where `npm run redrive` finds it. Failures are reported per
 * message (partial batch response); if dead-lettering itself fails, the message is left to the queue's own redrive.
 */
export async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    if (!(await handleRecord(record))) batchItemFailures.push({ itemIdentifier: record.messageId });
  }
  return { batchItemFailures };
}

/** True when the message is done with: the job succeeded, or it is safely in the dead-letter queue. */
async function handleRecord(record: SQSRecord): Promise<boolean> {
  const { services, job: jobCtx, ports, deadLetterQueueUrl } = jobContext();
  const { config } = services;
  const attempts = Number(record.attributes?.ApproximateReceiveCount ?? '1');
  let job: unknown;
  try {
    job = JSON.parse(record.body);
  } catch {
    job = undefined;
  }
  const failedAt = new Date().toISOString();
  if (!isDocumentJob(job)) {
    logger.error('malformed document job', { messageId: record.messageId });
    return deadLetter(deadLetterQueueUrl, record, { reason: 'malformed document job', attempts, failedAt });
  }
  const ids = { agencyId: job.agencyId, caseId: job.caseId, submissionId: job.submissionId, documentType: job.documentType };
  // The submission is what a person follows through the logs of every function it passes.
  logger.setCorrelationId(job.submissionId);
  try {
    countDeliveries(await runDocumentJob(jobCtx, job));
    countOutcome('Document', 'done');
    logger.info('document job done', ids);
    return true;
  } catch (error) {
    if (error instanceof DeliveryRetryError) countDeliveries(error.outcomes);
    const reason = reasonOf(error);
    logger.warn('document job failed', { ...ids, reason, attempts, messageId: record.messageId });
    if (error instanceof PermanentJobError || attempts >= JOB_MAX_ATTEMPTS) {
      countOutcome('Document', 'dead-lettered');
      const parked = await deadLetter(deadLetterQueueUrl, record, { reason, attempts, failedAt });
      if (parked) await ports.markDeadLettered(job as DocumentJob, reason, new Date()).catch(() => undefined);
      return parked;
    }
    countOutcome('Document', 'retry');
    await delayRetry(config.documentQueueUrl, record.receiptHandle, retryDelaySeconds(attempts, config.jobRetryBaseSeconds))
      .catch((delayError: unknown) => logger.warn('retry delay not set', { ...ids, errorName: (delayError as Error).name }));
    return false;
  }
}

function countDeliveries(outcomes: readonly DeliveryOutcome[]): void {
  for (const outcome of new Set(outcomes.map((o) => o.outcome))) countOutcome('Delivery', outcome, { count: outcomes.filter((o) => o.outcome === outcome).length });
}

async function deadLetter(deadLetterQueueUrl: string, record: SQSRecord, why: Parameters<typeof sendToDeadLetterQueue>[2]): Promise<boolean> {
  try {
    await sendToDeadLetterQueue(deadLetterQueueUrl, record.body, why);
    logger.error('document job dead-lettered', { messageId: record.messageId, reason: why.reason, attempts: why.attempts });
    return true;
  } catch (error) {
    logger.error('dead-lettering failed: left to the queue redrive', { messageId: record.messageId, errorName: (error as Error).name });
    return false;
  }
}
