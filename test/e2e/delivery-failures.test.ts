import { ReceiveMessageCommand, SQSClient, type Message } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AwsDocumentJobPorts } from '../../functions/adapters/aws/document-job-store.ts';
import { BlobStore } from '../../functions/adapters/aws/blob-store.ts';
import type { DocumentJob } from '../../functions/domain/cases/document-job.ts';
import { runWireJob } from '../support/run-wire-job.ts';
import { TemplateLibrary } from '../../functions/domain/documents/templates.ts';
import { PdfRenderer } from '../../functions/adapters/chromium/pdf-renderer.ts';
import { build } from '../../functions/handlers/document-worker.ts';
import { S3FormVersionStore } from '../../functions/adapters/aws/s3-form-versions.ts';
import { servingCatalog } from '../../functions/composition/serving-catalog.ts';
import { readConfig } from '../../functions/contracts/config.ts';
import { FormVersions } from '../../functions/domain/forms/form-versions.ts';
import type { LocalStack } from '../../local/stack.ts';
import { redriveDeadLetters } from '../../scripts/redrive.ts';
import { itemsOfType, tableItems } from '../../local/aws-readback.ts';
import { startFaultProxy, type FaultProxy } from '../../local/fault-proxy.ts';
import { mailboxOf } from '../support/mailbox.ts';
import { demoExample, post, startTestStack, SUBMIT_PATH } from '../support/test-stack.ts';
import { waitFor } from '../support/wait.ts';

// The worker is driven by hand here, as Lambda would call it, so each failure can be placed exactly.
let stack: LocalStack;
let ses: FaultProxy;
const sqs = () => new SQSClient({});
beforeAll(async () => {
  ses = await startFaultProxy(inject('emulatorEndpoint'));
  stack = await startTestStack({
    documentWorker: false, serviceEndpoints: { sesv2: ses.endpoint },
    functionEnvironment: { DELIVERY_LEASE_SECONDS: '2', JOB_RETRY_BASE_SECONDS: '1' },
  });
});
const renderer = new PdfRenderer();
const worker = build(renderer);
afterAll(async () => { await stack?.stop(); await ses?.stop(); await renderer.close(); });

/** A new intake's document job, as the worker would receive it from the queue. */
async function intakeJob(): Promise<{ job: DocumentJob; message: Message }> {
  const { caseId } = (await post(stack, SUBMIT_PATH, { body: JSON.stringify(demoExample()) })).json as { caseId: string };
  const message = await waitFor(async () => {
    const { Messages = [] } = await sqs().send(new ReceiveMessageCommand({
      QueueUrl: stack.resources.documentQueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, VisibilityTimeout: 120, MessageSystemAttributeNames: ['All'],
    }));
    return Messages.find((m) => (JSON.parse(m.Body!) as DocumentJob).caseId === caseId);
  }, 20_000, 'the intake job on the queue');
  return { job: JSON.parse(message.Body!) as DocumentJob, message };
}

function sqsEvent(message: Message, receiveCount: number, messageId = message.MessageId!): SQSEvent {
  return {
    Records: [{
      messageId, receiptHandle: message.ReceiptHandle!, body: message.Body!, md5OfBody: '', eventSource: 'aws:sqs', eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:q', awsRegion: 'us-east-1', messageAttributes: {},
      attributes: { ApproximateReceiveCount: String(receiveCount), SentTimestamp: '0', SenderId: 'local', ApproximateFirstReceiveTimestamp: '0' },
    }],
  };
}

const run = (event: SQSEvent) => worker(event);
const mailsOf = async (caseId: string) =>
  (await mailboxOf(stack)).filter((m) => m.subject.includes(caseId.slice(0, 8)));
const jobItem = async (job: DocumentJob) =>
  itemsOfType(await tableItems(stack.resources.tableName), 'job').find((item) => (item.job as DocumentJob).caseId === job.caseId)!;

describe('exactly once, on DynamoDB', () => {
  it('the same job delivered twice concurrently sends one email', async () => {
    const { job, message } = await intakeJob();
    await Promise.all([run(sqsEvent(message, 1, 'copy-1')), run(sqsEvent(message, 1, 'copy-2'))]);
    // A copy that found the delivery leased by the other is retried; the retry sends nothing more.
    await run(sqsEvent(message, 2, 'copy-3'));
    expect(await mailsOf(job.caseId)).toHaveLength(1);
    expect((await jobItem(job)).status).toBe('done');
  });

  it('a worker killed between claim and send: after its lease expires, exactly one email', async () => {
    const { job, message } = await intakeJob();
    const config = readConfig();
    const catalog = servingCatalog(config);
    const blobs = new BlobStore(config.bucketName);
    const formVersions = new FormVersions(catalog, new S3FormVersionStore(config.bucketName, blobs));
    const dying = new AwsDocumentJobPorts(config.tableName, blobs, undefined);
    dying.sendRaw = () => new Promise<string>(() => undefined); // the process is gone: nothing after the claim happens
    void runWireJob({
      ports: dying, catalog, formVersions, templates: new TemplateLibrary(config.templatesDir), renderer, now: () => new Date(),
      publicBaseUrl: stack.url, leaseMs: 2_000,
    }, job);
    await waitFor(async () => (itemsOfType(await tableItems(stack.resources.tableName), 'delivery')
      .find((d) => String(d.pk).endsWith(job.caseId) && d.status === 'claimed') ? true : undefined), 20_000, 'the dead worker\'s claim');

    const whileLeased = await run(sqsEvent(message, 2));
    expect(whileLeased.batchItemFailures).toHaveLength(1);
    expect(await mailsOf(job.caseId)).toHaveLength(0);

    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const recovered = await run(sqsEvent(message, 3));
    expect(recovered.batchItemFailures).toHaveLength(0);
    expect(await mailsOf(job.caseId)).toHaveLength(1);
  });
});

describe('failing sends', () => {
  it('are retried with backoff, land in the dead-letter queue with their reason after the last attempt, and redrive delivers them', async () => {
    const { job, message } = await intakeJob();
    ses.failing = true;
    try {
      const first = await run(sqsEvent(message, 1));
      expect(first.batchItemFailures).toHaveLength(1);
      const delivery = itemsOfType(await tableItems(stack.resources.tableName), 'delivery').find((d) => String(d.pk).endsWith(job.caseId))!;
      expect(delivery).toMatchObject({ status: 'retry', reason: 'ServiceUnavailable' });

      const last = await run(sqsEvent(message, 5));
      expect(last.batchItemFailures).toHaveLength(0); // handed over to the dead-letter queue, not dropped
    } finally {
      ses.failing = false;
    }
    const { Messages = [] } = await sqs().send(new ReceiveMessageCommand({
      QueueUrl: stack.resources.deadLetterQueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, MessageAttributeNames: ['All'], VisibilityTimeout: 0,
    }));
    const dead = Messages.find((m) => m.Body === message.Body)!;
    expect(dead.MessageAttributes?.reason?.StringValue).toBe('retry needed: agency-inbox (ServiceUnavailable)');
    expect(dead.MessageAttributes?.attempts?.StringValue).toBe('5');
    const parked = await jobItem(job);
    expect(parked).toMatchObject({ status: 'dead-lettered', reason: 'retry needed: agency-inbox (ServiceUnavailable)' });
    expect(parked.outbox).toBeUndefined();
    expect(await mailsOf(job.caseId)).toHaveLength(0);

    const redriven = await redriveDeadLetters(sqs(), stack.resources.deadLetterQueueUrl, stack.resources.documentQueueUrl);
    expect(redriven.moved).toBeGreaterThanOrEqual(1);
    expect(redriven.reasons['retry needed: agency-inbox (ServiceUnavailable)']).toBe(1);
    const { message: again } = await waitFor(async () => {
      const { Messages: back = [] } = await sqs().send(new ReceiveMessageCommand({
        QueueUrl: stack.resources.documentQueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, MessageSystemAttributeNames: ['All'],
      }));
      const mine = back.find((m) => m.Body === message.Body);
      return mine && { message: mine };
    }, 20_000, 'the redriven job');
    expect((await run(sqsEvent(again, 1))).batchItemFailures).toHaveLength(0);
    expect(await mailsOf(job.caseId)).toHaveLength(1);
    expect((await jobItem(job)).status).toBe('done');
  });

  it('a malformed message goes to the dead-letter queue with its reason', async () => {
    const message: Message = { MessageId: 'malformed-1', ReceiptHandle: 'unused', Body: '{"not":"a job"}' };
    expect((await run(sqsEvent(message, 1))).batchItemFailures).toHaveLength(0);
    const { Messages = [] } = await sqs().send(new ReceiveMessageCommand({
      QueueUrl: stack.resources.deadLetterQueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, MessageAttributeNames: ['All'],
    }));
    expect(Messages.find((m) => m.Body === '{"not":"a job"}')?.MessageAttributes?.reason?.StringValue).toBe('malformed document job');
  });
});
