import type { SNSEvent } from 'aws-lambda';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { projectRoot } from '../../local/stack.ts';

let handler: (event: SNSEvent) => Promise<void>;
let logger: typeof import('../../functions/observability/logger.ts').logger;

beforeAll(async () => {
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'unit', AWS_SECRET_ACCESS_KEY: 'unit',
    TABLE_NAME: 'table', BUCKET_NAME: 'bucket', DOCUMENT_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/000000000000/documents',
    FORMS_DIR: join(projectRoot, 'form-schemas'), TEMPLATES_DIR: join(projectRoot, 'templates'),
  });
  ({ handler } = await import('../../functions/handlers/ses-events.ts'));
  ({ logger } = await import('../../functions/observability/logger.ts'));
});

afterEach(() => { vi.restoreAllMocks(); });

const record = (messageId: string, message: string) => ({ Sns: { MessageId: messageId, Message: message } }) as SNSEvent['Records'][number];

describe('ses-events logs', () => {
  it('carry each event’s own id, not one left by an earlier invocation in the same process', async () => {
    logger.setCorrelationId('left-by-the-document-worker');
    const lines: string[] = [];
    const capture = (chunk: string | Uint8Array) => { lines.push(String(chunk)); return true; };
    vi.spyOn(process.stdout, 'write').mockImplementation(capture);
    vi.spyOn(process.stderr, 'write').mockImplementation(capture);
    // Neither reaches the table: one is not JSON, the other names no message.
    await handler({ Records: [record('sns-1', '{not json'), record('sns-2', '{"eventType":"Delivery"}')] });
    vi.restoreAllMocks();
    const logged = lines.map((line) => JSON.parse(line) as { message: string; correlation_id?: string });
    expect(logged.map(({ message, correlation_id }) => ({ message, correlation_id }))).toEqual([
      { message: 'SES event is not JSON', correlation_id: 'sns-1' },
      { message: 'SES event without a message', correlation_id: 'sns-2' },
    ]);
  });
});
