import { BatchWriteItemCommand, DynamoDBClient, type AttributeValue, type WriteRequest } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { LocalResources } from './bootstrap.ts';
import type { SavedMessage, SavedState } from './saved-state.ts';
import type { RecordedMessage } from './ses-recorder.ts';
import type { StateFiles } from './state-files.ts';

export interface RestoredCounts {
  readonly items: number;
  readonly objects: number;
  readonly uploads: number;
  readonly schedules: number;
  readonly mail: number;
  /** Messages put back in the document queue and in the dead-letter queue. */
  readonly jobs: number;
  readonly deadLetters: number;
}

/**
 * Writes a SavedState into the freshly bootstrapped resources through the AWS SDK, before the stack serves anything.
 * Resolves to the mail SES had accepted (the local mailbox's outbox) and what was put back.
 */
export async function restoreState(resources: LocalResources, files: StateFiles, state: SavedState): Promise<{ mail: RecordedMessage[]; counts: RestoredCounts }> {
  await writeItems(resources.tableName, state.items);
  const s3 = new S3Client({ forcePathStyle: true });
  await inParallel(state.objects, 8, (object) => s3.send(new PutObjectCommand({
    Bucket: resources.bucketName, Key: object.key, Body: files.readBlob(object.blob), ContentType: object.contentType, Metadata: object.metadata,
  })));
  const uploads = state.uploads ?? [];
  await inParallel(uploads, 8, (object) => s3.send(new PutObjectCommand({
    Bucket: resources.uploadsBucketName, Key: object.key, Body: files.readBlob(object.blob), ContentType: object.contentType, Metadata: object.metadata,
    Tagging: object.tags ? new URLSearchParams(object.tags).toString() : undefined,
  })));
  const scheduler = new SchedulerClient({});
  for (const schedule of state.schedules) {
    await scheduler.send(new CreateScheduleCommand({ ...schedule, GroupName: resources.reviewScheduleGroup }));
  }
  await sendAll(resources.documentQueueUrl, state.queues.documents);
  await sendAll(resources.deadLetterQueueUrl, state.queues.deadLetters);
  const mail = state.mail.map((saved) => ({ id: saved.id, tags: saved.tags, raw: files.readBlob(saved.blob) }));
  return {
    mail,
    counts: {
      items: state.items.length, objects: state.objects.length, uploads: uploads.length, schedules: state.schedules.length, mail: mail.length,
      jobs: state.queues.documents.length, deadLetters: state.queues.deadLetters.length,
    },
  };
}

async function writeItems(tableName: string, items: readonly Record<string, AttributeValue>[]): Promise<void> {
  const dynamo = new DynamoDBClient({});
  for (let start = 0; start < items.length; start += 25) {
    let requests: WriteRequest[] = items.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; requests.length > 0; attempt += 1) {
      if (attempt === 5) throw new Error(`restoring the table: ${requests.length} items were never written`);
      const { UnprocessedItems } = await dynamo.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: requests } }));
      requests = UnprocessedItems?.[tableName] ?? [];
    }
  }
}

async function sendAll(queueUrl: string, messages: readonly SavedMessage[]): Promise<void> {
  const sqs = new SQSClient({});
  for (const message of messages) {
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: message.body, MessageAttributes: message.attributes }));
  }
}

async function inParallel<T>(values: readonly T[], width: number, work: (value: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < values.length) await work(values[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(width, values.length) }, lane));
}
