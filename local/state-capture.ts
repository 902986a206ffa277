import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, GetObjectTaggingCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { GetScheduleCommand, ListSchedulesCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { LocalResources } from './bootstrap.ts';
import type { SavedMail, SavedMessage, SavedObject, SavedSchedule, SavedState } from './saved-state.ts';
import type { RecordedMessage } from './ses-recorder.ts';
import type { StateFiles } from './state-files.ts';

/**
 * Reads the emulator back through the AWS SDK into a SavedState. The table's items come first (`readItems`: see
 * local/table-mirror.ts), then the bucket and the mail: the service writes an object before the item that names it
 * and sends a mail before recording the delivery, so every item read names an object and a mail the later reads find.
 *
 * `previous` lets unchanged objects (same key and ETag) and mails keep their blobs without being read again.
 */
export async function captureState(
  resources: LocalResources, files: StateFiles, readItems: () => Promise<Record<string, AttributeValue>[]>, sentMail: readonly RecordedMessage[],
  previous: SavedState | undefined, drainQueues: boolean,
): Promise<SavedState> {
  const items = await readItems();
  const objects = await captureObjects(resources.bucketName, files, previous?.objects, false);
  const uploads = await captureObjects(resources.uploadsBucketName, files, previous?.uploads, true);
  const schedules = await captureSchedules(resources.reviewScheduleGroup);
  const known = new Map(previous?.mail.map((mail) => [mail.id, mail]));
  const mail: SavedMail[] = sentMail.map((message) => known.get(message.id) ?? { id: message.id, tags: message.tags, blob: files.putBlob(message.raw) });
  return {
    format: 1,
    savedAt: new Date().toISOString(),
    items, objects, uploads, schedules, mail,
    queues: drainQueues
      ? { documents: await drain(resources.documentQueueUrl), deadLetters: await drain(resources.deadLetterQueueUrl) }
      : { documents: [], deadLetters: await peek(resources.deadLetterQueueUrl) },
  };
}

/**
 * With `withTags`, each object's tags too: the malware scan tags an upload after it is stored, without changing its
 * ETag, so an object saved untagged has its tags read again at the next save.
 */
async function captureObjects(bucketName: string, files: StateFiles, previous: readonly SavedObject[] | undefined, withTags: boolean): Promise<SavedObject[]> {
  const s3 = new S3Client({ forcePathStyle: true });
  const known = new Map(previous?.map((object) => [object.key, object]));
  const objects: SavedObject[] = [];
  let ContinuationToken: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucketName, ContinuationToken }));
    for (const listed of page.Contents ?? []) {
      const key = listed.Key!;
      const etag = listed.ETag ?? '';
      const same = known.get(key);
      if (same && same.etag === etag && (!withTags || same.tags)) {
        objects.push(same);
        continue;
      }
      const tags = withTags ? await objectTags(s3, bucketName, key) : undefined;
      if (same && same.etag === etag) {
        objects.push({ ...same, tags });
        continue;
      }
      const object = await s3.send(new GetObjectCommand({ Bucket: bucketName, Key: key })).catch(goneIsUndefined);
      // Deleted between the listing and the read (retention, an upload released): nothing to keep.
      if (!object) continue;
      const blob = files.putBlob(await object.Body!.transformToByteArray());
      objects.push({
        key, etag, blob, contentType: object.ContentType, metadata: object.Metadata && Object.keys(object.Metadata).length > 0 ? object.Metadata : undefined, tags,
      });
    }
    ContinuationToken = page.NextContinuationToken;
  } while (ContinuationToken);
  return objects;
}

/** The object's tags; undefined when it has none (or is gone). */
async function objectTags(s3: S3Client, bucketName: string, key: string): Promise<Record<string, string> | undefined> {
  const tagging = await s3.send(new GetObjectTaggingCommand({ Bucket: bucketName, Key: key })).catch(goneIsUndefined);
  const tags = Object.fromEntries((tagging?.TagSet ?? []).map((tag) => [tag.Key!, tag.Value!]));
  return Object.keys(tags).length > 0 ? tags : undefined;
}

async function captureSchedules(groupName: string): Promise<SavedSchedule[]> {
  const scheduler = new SchedulerClient({});
  const schedules: SavedSchedule[] = [];
  let NextToken: string | undefined;
  do {
    const page = await scheduler.send(new ListSchedulesCommand({ GroupName: groupName, NextToken }));
    for (const summary of page.Schedules ?? []) {
      const schedule = await scheduler.send(new GetScheduleCommand({ Name: summary.Name!, GroupName: groupName })).catch(goneIsUndefined);
      if (!schedule) continue;
      schedules.push({
        Name: schedule.Name!, ScheduleExpression: schedule.ScheduleExpression!, ScheduleExpressionTimezone: schedule.ScheduleExpressionTimezone,
        FlexibleTimeWindow: schedule.FlexibleTimeWindow!, Target: schedule.Target!, ActionAfterCompletion: schedule.ActionAfterCompletion,
        State: schedule.State, Description: schedule.Description, StartDate: schedule.StartDate, EndDate: schedule.EndDate,
      });
    }
    NextToken = page.NextToken ?? undefined;
  } while (NextToken);
  return schedules;
}

/**
 * Takes every visible message off a queue. Only at a clean stop, when the emulator is about to lose them anyway:
 * a receive counts towards the queue's redrive limit and hides the message, so a running stack is never drained.
 */
async function drain(queueUrl: string): Promise<SavedMessage[]> {
  const sqs = new SQSClient({});
  const messages: SavedMessage[] = [];
  for (;;) {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({
      QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, VisibilityTimeout: 3_600, MessageAttributeNames: ['All'],
    }));
    if (Messages.length === 0) return messages;
    messages.push(...Messages.map((message) => ({ body: message.Body ?? '', attributes: message.MessageAttributes })));
  }
}

/**
 * Reads every message of the dead-letter queue while the stack runs, hiding each for a few seconds: nothing but
 * `npm run redrive` receives from it, and it has no redrive limit to count towards. (The document queue is never
 * peeked: its receives count towards moving a job to the dead letters. Its jobs are in the outbox anyway.)
 */
async function peek(queueUrl: string): Promise<SavedMessage[]> {
  const sqs = new SQSClient({});
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }));
  if (Number(Attributes?.ApproximateNumberOfMessages ?? 0) === 0) return [];
  const seen = new Map<string, SavedMessage>();
  for (;;) {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({
      QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, VisibilityTimeout: 10, MessageAttributeNames: ['All'],
    }));
    const fresh = Messages.filter((message) => !seen.has(message.MessageId!));
    if (fresh.length === 0) return [...seen.values()];
    for (const message of fresh) seen.set(message.MessageId!, { body: message.Body ?? '', attributes: message.MessageAttributes });
  }
}

function goneIsUndefined(error: Error): undefined {
  if (error.name === 'NoSuchKey' || error.name === 'NotFound' || error.name === 'ResourceNotFoundException') return undefined;
  throw error;
}
