import { SendMessageCommand } from '@aws-sdk/client-sqs';
import type { DocumentJob } from '../../domain/cases/document-job.ts';
import type { JobQueue } from '../../domain/cases/intake.ts';
import { clients } from './clients.ts';
import { guard } from './guard.ts';

export class SqsJobQueue implements JobQueue {
  constructor(private readonly queueUrl: string) {}

  enqueue(job: DocumentJob): Promise<void> {
    return guard('sqs send', async () => {
      await clients.sqs().send(new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify(job) }));
    });
  }
}
