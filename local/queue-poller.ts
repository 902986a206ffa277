import { DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient, type Message } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { lambdaContext } from './lambda-context.ts';

export type SqsHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

/**
 * What Lambda's SQS event source mapping does, locally: long-poll the queue, hand batches to the handler, delete
 * the messages it did not report as failed. Failed ones reappear after the visibility timeout and move to the
 * dead-letter queue after maxReceiveCount, by the queue's own redrive policy.
 */
export class QueuePoller {
  private running = false;
  private loop: Promise<void> | undefined;
  private readonly sqs = new SQSClient({});

  constructor(private readonly queueUrl: string, private readonly queueArn: string, private readonly handler: SqsHandler, private readonly functionName: string) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        const { Messages = [] } = await this.sqs.send(new ReceiveMessageCommand({
          QueueUrl: this.queueUrl, MaxNumberOfMessages: 5, WaitTimeSeconds: 1, MessageSystemAttributeNames: ['All'],
        }));
        if (Messages.length > 0) await this.deliver(Messages);
      } catch (error) {
        if (!this.running) return;
        console.error('queue poller:', (error as Error).name);
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
    }
  }

  private async deliver(messages: Message[]): Promise<void> {
    const event: SQSEvent = {
      Records: messages.map((message) => ({
        messageId: message.MessageId!,
        receiptHandle: message.ReceiptHandle!,
        body: message.Body ?? '',
        attributes: message.Attributes as unknown as SQSEvent['Records'][number]['attributes'],
        messageAttributes: {},
        md5OfBody: message.MD5OfBody ?? '',
        eventSource: 'aws:sqs',
        eventSourceARN: this.queueArn,
        awsRegion: process.env.AWS_REGION ?? 'us-east-1',
      })),
    };
    let failed: Set<string>;
    try {
      const response = await this.handler(event, lambdaContext(this.functionName, 60_000));
      failed = new Set(response.batchItemFailures.map((failure) => failure.itemIdentifier));
    } catch {
      // A thrown handler fails the whole batch, as in Lambda.
      failed = new Set(messages.map((message) => message.MessageId!));
    }
    const done = messages.filter((message) => !failed.has(message.MessageId!));
    if (done.length > 0) {
      await this.sqs.send(new DeleteMessageBatchCommand({
        QueueUrl: this.queueUrl,
        Entries: done.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle! })),
      }));
    }
  }
}
