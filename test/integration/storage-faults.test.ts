import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { DynamoOutbox } from '../../functions/adapters/aws/dynamo-outbox.ts';
import { SqsJobQueue } from '../../functions/adapters/aws/job-queue.ts';
import { sweepOutbox } from '../../functions/domain/cases/outbox.ts';
import type { LocalStack } from '../../local/stack.ts';
import { bucketKeys, itemsOfType, tableItems } from '../../local/aws-readback.ts';
import { dynamoOperation, startFaultProxy, type FaultProxy } from '../../local/fault-proxy.ts';
import { mailboxOf } from '../support/mailbox.ts';
import { demoExample, post, startTestStack, SUBMIT_PATH } from '../support/test-stack.ts';
import { waitFor } from '../support/wait.ts';

// The emulator stays up; a proxy in front of one service's endpoint makes that service fail on demand.
let stack: LocalStack;
const faults: Record<'dynamodb' | 's3' | 'sqs', FaultProxy> = {} as never;

beforeAll(async () => {
  const emulator = inject('emulatorEndpoint');
  for (const service of ['dynamodb', 's3', 'sqs'] as const) faults[service] = await startFaultProxy(emulator);
  stack = await startTestStack({
    serviceEndpoints: { dynamodb: faults.dynamodb.endpoint, s3: faults.s3.endpoint, sqs: faults.sqs.endpoint },
  });
});
afterEach(() => { for (const fault of Object.values(faults)) fault.failing = false; });
afterAll(async () => {
  await stack?.stop();
  for (const fault of Object.values(faults)) await fault.stop();
});

const body = () => JSON.stringify(demoExample());
const state = async () => {
  const items = await tableItems(stack.resources.tableName);
  return { cases: itemsOfType(items, 'case'), jobs: itemsOfType(items, 'job'), keys: await bucketKeys(stack.resources.bucketName) };
};

function expectRetryable(response: Awaited<ReturnType<typeof post>>) {
  expect(response.status).toBe(503);
  expect(response.headers.get('retry-after')).toBe('5');
  expect(response.json).toMatchObject({ type: 'urn:caseforms:problem:service-unavailable', status: 503 });
}

describe('a storage step fails: 503, no case; once accepted, the job is never lost', () => {
  it('S3 down: 503 with Retry-After and nothing stored anywhere', async () => {
    const before = await state();
    faults.s3.failing = true;
    const response = await post(stack, SUBMIT_PATH, { body: body(), idempotencyKey: randomUUID() });
    faults.s3.failing = false;

    expectRetryable(response);
    expect(faults.s3.refused).toBeGreaterThan(0);
    const after = await state();
    expect(after.cases).toHaveLength(before.cases.length);
    expect(after.keys).toHaveLength(before.keys.length);
  });

  it('DynamoDB fails after the S3 put: 503, no case; a retry with the same key then creates exactly one', async () => {
    const before = await state();
    const key = randomUUID();

    faults.dynamodb.failing = dynamoOperation('TransactWriteItems');
    const failed = await post(stack, SUBMIT_PATH, { body: body(), idempotencyKey: key });
    faults.dynamodb.failing = false;

    expectRetryable(failed);
    const afterFailure = await state();
    expect(afterFailure.cases).toHaveLength(before.cases.length);
    expect(afterFailure.jobs).toHaveLength(before.jobs.length);
    // The raw body was written before the commit failed. It stays (the commit's outcome is unknown to the
    // service, so deleting could lose data), but no case refers to it and nothing is enqueued.
    expect(afterFailure.keys).toHaveLength(before.keys.length + 1);

    const retried = await post(stack, SUBMIT_PATH, { body: body(), idempotencyKey: key });
    expect(retried.status).toBe(201);
    expect((await state()).cases).toHaveLength(before.cases.length + 1);
  });

  it('the queue fails after the DynamoDB commit: 201, and the outbox sweeper still gets the document emailed once', async () => {
    const before = await state();
    faults.sqs.failing = true;
    const response = await post(stack, SUBMIT_PATH, { body: body() });
    faults.sqs.failing = false;

    expect(response.status).toBe(201);
    const { caseId } = response.json as { caseId: string };
    const afterCommit = await state();
    expect(afterCommit.cases).toHaveLength(before.cases.length + 1);
    const job = afterCommit.jobs.find((item) => (item.job as { caseId: string }).caseId === caseId);
    expect(job).toMatchObject({ status: 'pending', outbox: 'pending' });

    // What the scheduled sweeper does once the grace period has passed (run here with a clock 2 minutes ahead).
    const sweptAt = new Date(Date.now() + 120_000);
    const enqueued = await sweepOutbox(new DynamoOutbox(stack.resources.tableName), new SqsJobQueue(stack.resources.documentQueueUrl), sweptAt);
    expect(enqueued).toBeGreaterThanOrEqual(1);

    const mails = await waitFor(async () => {
      const messages = await mailboxOf(stack);
      const mine = messages.filter((message) => message.subject.includes(caseId.slice(0, 8)));
      return mine.length > 0 ? mine : undefined;
    }, 45_000, 'the swept job to be emailed');
    const completed = await waitFor(async () => {
      const jobs = (await state()).jobs.filter((item) => (item.job as { caseId: string }).caseId === caseId);
      return jobs[0]?.status === 'done' ? jobs[0] : undefined;
    }, 10_000, 'the job to complete');
    expect(completed.outbox).toBeUndefined();

    // A second sweep finds nothing left to do, and no second email is sent.
    await sweepOutbox(new DynamoOutbox(stack.resources.tableName), new SqsJobQueue(stack.resources.documentQueueUrl), new Date(sweptAt.getTime() + 600_000));
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const messages = await mailboxOf(stack);
    expect(messages.filter((message) => message.subject.includes(caseId.slice(0, 8)))).toHaveLength(1);
    expect(mails).toHaveLength(1);
  });
});
