import { ChangeMessageVisibilityCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { sqsClient } from './sqs-client.ts';
import { guard } from './guard.ts';
import type { DeadLetterReason } from '../../domain/jobs/job-dispatcher.ts';

/** Why a job gave up travels as message attributes on its dead letter, where `npm run redrive` reads them. */
export async function sendToDeadLetterQueue(deadLetterQueueUrl: string, body: string, why: DeadLetterReason): Promise<void> {
  await guard('sqs send dead letter', () => sqsClient().send(new SendMessageCommand({
    QueueUrl: deadLetterQueueUrl,
    MessageBody: body,
    MessageAttributes: {
      reason: { DataType: 'String', StringValue: why.reason.slice(0, 1000) },
      attempts: { DataType: 'Number', StringValue: String(why.attempts) },
      failedAt: { DataType: 'String', StringValue: why.failedAt },
    },
  })));
}

/** Backoff: the failed message stays invisible for `seconds` before its next attempt. */
export async function delayRetry(queueUrl: string, receiptHandle: string, seconds: number): Promise<void> {
  await guard('sqs change visibility', () => sqsClient().send(new ChangeMessageVisibilityCommand({
    QueueUrl: queueUrl, ReceiptHandle: receiptHandle, VisibilityTimeout: seconds,
  })));
}
