import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { BlobStore } from '../adapters/aws/blob-store.ts';
import { DynamoCaseStore } from '../adapters/aws/case-store.ts';
import { delayRetry, sendToDeadLetterQueue } from '../adapters/aws/dead-letters.ts';
import { AwsDocumentJobPorts } from '../adapters/aws/document-job-store.ts';
import { SqsJobQueue } from '../adapters/aws/job-queue.ts';
import { DynamoNoteStore } from '../adapters/aws/note-store.ts';
import { reviewPortsFrom } from '../adapters/aws/review-scheduler.ts';
import { S3FormVersionStore } from '../adapters/aws/s3-form-versions.ts';
import { PdfRenderer } from '../adapters/chromium/pdf-renderer.ts';
import { builtOnce } from '../composition/built-once.ts';
import { servingCatalog } from '../composition/serving-catalog.ts';
import { signingPorts } from '../composition/signing-ports.ts';
import type { Agency } from '../domain/forms/agency.ts';
import type { PdfSigningKey } from '../domain/seal/pdf-signing-key.ts';
import type { LiveCatalog } from '../domain/studio/live-catalog.ts';
import { readConfig, type Config } from '../contracts/config.ts';
import type { HtmlToPdf } from '../domain/documents/html-to-pdf.ts';
import { TemplateLibrary } from '../domain/documents/templates.ts';
import { FormVersions } from '../domain/forms/form-versions.ts';
import { dispatchJobs, type JobDispatch, type JobMessage } from '../domain/jobs/job-dispatcher.ts';

/**
 * SQS → jobs (domain/jobs/job-dispatcher.ts). The renderer is passed in so that whoever runs the worker outside
 * Lambda (the local stack, the drill) owns the browser and closes it; in Lambda it lives as long as the container.
 * `sealKey`: the local stack's generated agency keys; in Lambda the seal key is KMS (composition/signing-ports.ts).
 */
export function build(renderer: HtmlToPdf = new PdfRenderer(), settings: () => Config = readConfig, sealKey?: (agency: Agency) => PdfSigningKey) {
  const dispatch = builtOnce((): { readonly catalog: LiveCatalog; readonly jobs: JobDispatch } => {
    const config = settings();
    const { publicBaseUrl, deadLetterQueueUrl, documentQueueUrl } = config;
    if (!publicBaseUrl || !deadLetterQueueUrl) throw new Error('PUBLIC_BASE_URL and DEAD_LETTER_QUEUE_URL must be set for the document worker');
    const catalog = servingCatalog(config);
    const blobs = new BlobStore(config.bucketName);
    return { catalog, jobs: {
      context: {
        ports: new AwsDocumentJobPorts(config.tableName, blobs, config.sesConfigurationSets),
        catalog,
        formVersions: new FormVersions(catalog, new S3FormVersionStore(config.bucketName, blobs)),
        templates: new TemplateLibrary(config.templatesDir),
        renderer,
        now: () => new Date(),
        publicBaseUrl,
        ...(config.staffPagesUrl ? { staffPagesUrl: config.staffPagesUrl.replace(/\/+$/, '') } : {}),
        leaseMs: config.deliveryLeaseSeconds * 1000,
        signing: signingPorts(config, blobs, sealKey),
        reviews: reviewPortsFrom(config, new DynamoCaseStore(config.tableName, blobs), new SqsJobQueue(documentQueueUrl), new DynamoNoteStore(config.tableName)),
      },
      queue: {
        deadLetter: (body, why) => sendToDeadLetterQueue(deadLetterQueueUrl, body, why),
        retryLater: (receipt, seconds) => delayRetry(documentQueueUrl, receipt, seconds),
      },
      retryBaseSeconds: config.jobRetryBaseSeconds,
    } };
  });
  // Failures are reported per message (partial batch response): the others in the batch are not delivered again.
  return async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
    const { catalog, jobs } = dispatch();
    // Agency settings (routes, notice periods) as last published in the studio; forms come by their own version.
    await catalog.refresh();
    const failed = await dispatchJobs(jobs, event.Records.map(messageOf));
    return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
  };
}

function messageOf(record: SQSRecord): JobMessage {
  return { id: record.messageId, body: record.body, attempts: Number(record.attributes?.ApproximateReceiveCount ?? '1'), receipt: record.receiptHandle };
}

export const handler = build();
