import { DeleteObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { join } from 'node:path';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { projectRoot } from '../../local/stack.ts';
import { apiEvent } from '../support/api-event.ts';
import { demoExample } from '../support/test-stack.ts';

// Error paths only: each AWS call fails in turn, and the handler must answer 503 and skip every later step.
const s3 = mockClient(S3Client);
const dynamo = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);
let handler: (event: unknown, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

beforeAll(async () => {
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'unit', AWS_SECRET_ACCESS_KEY: 'unit',
    TABLE_NAME: 'table', BUCKET_NAME: 'bucket', DOCUMENT_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/000000000000/documents',
    FORMS_DIR: join(projectRoot, 'form-schemas'), TEMPLATES_DIR: join(projectRoot, 'templates'),
  });
  handler = (await import('../../functions/handlers/submit.ts')).handler as never;
});

beforeEach(() => {
  s3.reset(); dynamo.reset(); sqs.reset();
  s3.on(PutObjectCommand).resolves({});
  s3.on(DeleteObjectCommand).resolves({});
  dynamo.on(GetCommand).resolves({});
  dynamo.on(TransactWriteCommand).resolves({});
  sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
});

const submit = () => handler(apiEvent('POST', '/agencies/demo/forms/intake/submissions', { agencyId: 'demo', formId: 'intake' }, {
  body: JSON.stringify(demoExample()), headers: { 'idempotency-key': 'unit-key' },
}), {} as Context);

function expect503(response: APIGatewayProxyStructuredResultV2) {
  expect(response.statusCode).toBe(503);
  expect(response.headers?.['Retry-After']).toBe('5');
  expect(JSON.parse(response.body!)).toMatchObject({ type: 'urn:caseforms:problem:service-unavailable', status: 503 });
}

describe('submit when a dependency fails', () => {
  it('answers a retryable 503, not a 500, when the function would outlive its timeout', async () => {
    s3.on(PutObjectCommand).callsFake(() => new Promise((resolve) => setTimeout(() => resolve({}), 500)));
    const event = apiEvent('POST', '/agencies/demo/forms/intake/submissions', { agencyId: 'demo', formId: 'intake' }, { body: JSON.stringify(demoExample()) });
    const response = await handler(event, { getRemainingTimeInMillis: () => 100 } as Context);
    expect503(response);
  });

  it('answers 201 and calls every step once when all succeed', async () => {
    const response = await submit();
    expect(response.statusCode).toBe(201);
    expect(s3.commandCalls(PutObjectCommand)[0]!.args[0].input).toMatchObject({ ServerSideEncryption: 'aws:kms', ContentType: 'application/json' });
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(1);
    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(1);
  });

  it('idempotency lookup fails: 503, nothing written', async () => {
    dynamo.on(GetCommand).rejects(Object.assign(new Error('throttled'), { name: 'ProvisionedThroughputExceededException' }));
    expect503(await submit());
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('S3 put fails: 503, no commit, nothing enqueued', async () => {
    s3.on(PutObjectCommand).rejects(Object.assign(new Error('slow down'), { name: 'SlowDown' }));
    expect503(await submit());
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(0);
  });

  it('the commit fails: 503, nothing enqueued, and the raw copy is kept since the outcome is unknown', async () => {
    dynamo.on(TransactWriteCommand).rejects(Object.assign(new Error('boom'), { name: 'InternalServerError' }));
    expect503(await submit());
    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(0);
    expect(s3.commandCalls(DeleteObjectCommand)).toHaveLength(0);
  });

  it('the queue send fails after the commit: still 201, since the committed outbox job will be swept', async () => {
    sqs.on(SendMessageCommand).rejects(Object.assign(new Error('down'), { name: 'ServiceUnavailable' }));
    const response = await submit();
    expect(response.statusCode).toBe(201);
    const transaction = dynamo.commandCalls(TransactWriteCommand)[0]!.args[0].input;
    const outboxJob = transaction.TransactItems!.map((item) => item.Put!.Item!).find((item) => item.type === 'job');
    expect(outboxJob).toMatchObject({ outbox: 'pending', status: 'pending' });
  });

  it('losing an idempotency race: answers with the winner\'s receipt and discards its own raw copy', async () => {
    const winner = { id: 'winner-submission', caseId: 'winner-case', receivedAt: '2026-11-23T00:00:00.000Z' };
    dynamo.on(GetCommand).resolvesOnce({}).resolves({ Item: { receipt: winner, requestHash: undefined } });
    // DynamoDB names the failed condition by its item's place in the transaction: the idempotency record's, wherever
    // the intake put it among the case's items.
    dynamo.on(TransactWriteCommand).callsFake((input: { TransactItems: Array<{ Put?: { Item?: Record<string, unknown> } }> }) => {
      throw new TransactionCanceledException({
        message: 'Transaction cancelled', $metadata: {},
        CancellationReasons: input.TransactItems.map((item) => ({ Code: item.Put?.Item?.type === 'idempotency' ? 'ConditionalCheckFailed' : 'None' })),
      });
    });
    const response = await submit();
    // The winner's hash differs from ours here, so this is the "same key, different body" answer.
    expect(response.statusCode).toBe(422);
    expect(s3.commandCalls(DeleteObjectCommand)).toHaveLength(1);
    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(0);
  });
});
