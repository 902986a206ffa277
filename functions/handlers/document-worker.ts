import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { AwsDocumentJobPorts } from '../aws/document-job-store.ts';
import { isDocumentJob } from '../cases/document-job.ts';
import { StorageError } from '../cases/storage-error.ts';
import { PdfRenderer } from '../documents/pdf-renderer.ts';
import { runDocumentJob, type DocumentJobContext } from '../documents/document-job-runner.ts';
import { TemplateLibrary } from '../documents/templates.ts';
import { logger } from '../observability/logger.ts';
import { getServices, type Services } from '../services.ts';

let context: { readonly services: Services; readonly job: DocumentJobContext } | undefined;

/** The browser lives as long as the container: exported so the local stack can close it on shutdown. */
export const renderer = new PdfRenderer();

function jobContext(): DocumentJobContext {
  const services = getServices();
  if (context?.services === services) return context.job;
  const { config, catalog, blobs, formVersions } = services;
  const job: DocumentJobContext = {
    ports: new AwsDocumentJobPorts(config.tableName, blobs),
    catalog,
    formVersions,
    templates: new TemplateLibrary(config.templatesDir),
    renderer,
    now: () => new Date(),
  };
  context = { services, job };
  return job;
}

/**
 * SQS → document jobs. Failed messages are reported individually (partial batch response) so one bad job does not
 * send its batch-mates round again; after the queue's maxReceiveCount a failing job moves to the dead-letter queue.
 */
export async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    let job: unknown;
    try {
      job = JSON.parse(record.body);
    } catch {
      job = undefined;
    }
    if (!isDocumentJob(job)) {
      // Malformed messages go to the dead-letter queue by failing until maxReceiveCount, never silently dropped.
      logger.error('malformed document job', { messageId: record.messageId });
      batchItemFailures.push({ itemIdentifier: record.messageId });
      continue;
    }
    const ids = { agencyId: job.agencyId, caseId: job.caseId, submissionId: job.submissionId, documentType: job.documentType };
    try {
      await runDocumentJob(jobContext(), job);
      logger.info('document delivered', ids);
    } catch (error) {
      const step = error instanceof StorageError ? { step: error.step, causeName: (error.cause as Error)?.name } : {};
      logger.warn('document job failed', { ...ids, errorName: (error as Error).name, ...step, messageId: record.messageId });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}
