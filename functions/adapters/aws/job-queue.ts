import { SendMessageCommand } from '@aws-sdk/client-sqs';
import type { DocumentJob } from '../../domain/cases/document-job.ts';
import type { JobQueue } from '../../domain/cases/intake.ts';
import { sqsClient } from './sqs-client.ts';
import { guard } from './guard.ts';

export class SqsJobQueue implements JobQueue {
  constructor(private readonly queueUrl: string) {}

  enqueue(job: DocumentJob): Promise<void> {
    return guard('sqs send', async () => {
      await sqsClient().send(new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify(job) }));
    });
  }
}
