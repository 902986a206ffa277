/**
 * `npm run redrive`: moves every document job in the dead-letter queue back to the document queue, printing each
 * one's recorded reason. Receive and re-send (then delete), rather than SQS's move-task API, which the local emulator
 * lacks. Against the running local stack by default (`npm start` writes .local/stack.json); against AWS with
 * `--queue-url <document queue> --dlq-url <dead-letter queue>` and the usual AWS credentials.
 */
import { DeleteMessageCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { emulatorEnvironment, serviceDefaults } from '../local/aws-environment.ts';
import { localStackFile, type LocalStackFile } from '../local/stack-file.ts';

export interface RedriveResult {
  readonly moved: number;
  readonly reasons: Readonly<Record<string, number>>;
}

export async function redriveDeadLetters(sqs: SQSClient, deadLetterQueueUrl: string, queueUrl: string): Promise<RedriveResult> {
  let moved = 0;
  const reasons: Record<string, number> = {};
  for (;;) {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({
      QueueUrl: deadLetterQueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, MessageAttributeNames: ['All'], VisibilityTimeout: 60,
    }));
    if (Messages.length === 0) return { moved, reasons };
    for (const message of Messages) {
      // Sent before the delete: a crash in between leaves a duplicate job, which the worker's claims make harmless.
      await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: message.Body ?? '' }));
      await sqs.send(new DeleteMessageCommand({ QueueUrl: deadLetterQueueUrl, ReceiptHandle: message.ReceiptHandle! }));
      const reason = message.MessageAttributes?.reason?.StringValue ?? '(no reason: moved by the queue redrive policy)';
      reasons[reason] = (reasons[reason] ?? 0) + 1;
      moved += 1;
    }
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'queue-url': { type: 'string' }, 'dlq-url': { type: 'string' } } });
  let queueUrl = values['queue-url'];
  let deadLetterQueueUrl = values['dlq-url'];
  if (!queueUrl || !deadLetterQueueUrl) {
    if (!existsSync(localStackFile)) throw new Error(`no local stack is running (${localStackFile} is missing): start one with npm start, or pass --queue-url and --dlq-url`);
    const local = JSON.parse(readFileSync(localStackFile, 'utf8')) as LocalStackFile;
    Object.assign(process.env, emulatorEnvironment(serviceDefaults(local.emulatorEndpoint)));
    ({ documentQueueUrl: queueUrl, deadLetterQueueUrl } = local);
  }
  const result = await redriveDeadLetters(new SQSClient({}), deadLetterQueueUrl, queueUrl);
  console.log(`redrive: ${result.moved} job(s) moved from ${deadLetterQueueUrl} back to ${queueUrl}`);
  for (const [reason, count] of Object.entries(result.reasons)) console.log(`  ${count} × ${reason}`);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  main().catch((error: unknown) => {
    console.error(`redrive: ${(error as Error).message}`);
    process.exit(1);
  });
}
