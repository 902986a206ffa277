import { CreateTableCommand, DynamoDBClient, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, PutBucketEncryptionCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateEmailIdentityCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { CreateScheduleGroupCommand, GetScheduleGroupCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { allIndexes, tableDesign } from '../functions/contracts/table-design.ts';
import { QUEUE_MAX_RECEIVE_COUNT } from '../functions/domain/cases/document-job.ts';
import type { FormCatalog } from '../functions/domain/forms/catalog.ts';

export interface LocalResources {
  readonly tableName: string;
  readonly bucketName: string;
  /** Clients' files (domain/uploads/upload-objects.ts): quarantine/, files/, held/. */
  readonly uploadsBucketName: string;
  readonly documentQueueUrl: string;
  readonly deadLetterQueueUrl: string;
  /** Review reminders: the schedule group, and the queues' ARNs, which Scheduler targets name. */
  readonly reviewScheduleGroup: string;
  readonly documentQueueArn: string;
  readonly deadLetterQueueArn: string;
}

/** Mirrors, on the emulator, what infra/ creates in AWS: the same key schema, index, TTL, encryption and redrive. */
export const VISIBILITY_TIMEOUT_SECONDS = 30;

export async function bootstrapResources(prefix: string, catalog: FormCatalog): Promise<LocalResources> {
  const tableName = `${prefix}-table`;
  const bucketName = `${prefix}-documents`;
  const uploadsBucketName = `${prefix}-uploads`;
  const dynamo = new DynamoDBClient({});
  const { partitionKey, sortKey, ttlAttribute } = tableDesign;
  const keyAttributes = [...new Set([partitionKey, sortKey, ...allIndexes.flatMap((index) => [index.partitionKey, index.sortKey])])];
  // Idempotent: a restart against a running emulator (as tests do) finds its resources already there.
  const created = await ignoreIfExists(dynamo.send(new CreateTableCommand({
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: keyAttributes.map((name) => ({ AttributeName: name, AttributeType: 'S' })),
    KeySchema: [{ AttributeName: partitionKey, KeyType: 'HASH' }, { AttributeName: sortKey, KeyType: 'RANGE' }],
    GlobalSecondaryIndexes: allIndexes.map((index) => ({
      IndexName: index.name,
      KeySchema: [{ AttributeName: index.partitionKey, KeyType: 'HASH' }, { AttributeName: index.sortKey, KeyType: 'RANGE' }],
      Projection: { ProjectionType: 'ALL' },
    })),
  })));
  if (created) await dynamo.send(new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { AttributeName: ttlAttribute, Enabled: true } }));

  const s3 = new S3Client({ forcePathStyle: true });
  // The uploads bucket's CORS and policy are not made here: browsers POST to the upload gate (local/upload-gate.ts),
  // which answers CORS itself, and nothing here reads the bucket but the service.
  for (const bucket of [bucketName, uploadsBucketName]) {
    // The documents bucket as in AWS (infra/data.ts): Object Lock on (and with it versioning), no default retention;
    // the seal job locks each final PDF it writes.
    await ignoreIfExists(s3.send(new CreateBucketCommand({ Bucket: bucket, ...(bucket === bucketName ? { ObjectLockEnabledForBucket: true } : {}) })));
    await s3.send(new PutBucketEncryptionCommand({
      Bucket: bucket,
      ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }] },
    }));
  }

  const sqs = new SQSClient({});
  const dlq = await sqs.send(new CreateQueueCommand({ QueueName: `${prefix}-documents-dlq` }));
  const dlqArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ['QueueArn'] }))).Attributes?.QueueArn;
  const queue = await sqs.send(new CreateQueueCommand({
    QueueName: `${prefix}-documents`,
    Attributes: {
      VisibilityTimeout: String(VISIBILITY_TIMEOUT_SECONDS),
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: QUEUE_MAX_RECEIVE_COUNT }),
    },
  }));

  // SES refuses to send from an unverified identity; the emulator verifies on creation.
  const ses = new SESv2Client({});
  for (const { agency } of catalog.agencies()) {
    await ignoreIfExists(ses.send(new CreateEmailIdentityCommand({ EmailIdentity: agency.sender.email })));
  }
  const queueArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queue.QueueUrl, AttributeNames: ['QueueArn'] }))).Attributes?.QueueArn;

  // Checked before creating: the emulator's create replaces an existing group, and with it every schedule in it.
  const reviewScheduleGroup = `${prefix}-reviews`;
  const scheduler = new SchedulerClient({});
  const groupExists = await scheduler.send(new GetScheduleGroupCommand({ Name: reviewScheduleGroup })).then(() => true, (error: Error) => {
    if (error.name === 'ResourceNotFoundException') return false;
    throw error;
  });
  if (!groupExists) await scheduler.send(new CreateScheduleGroupCommand({ Name: reviewScheduleGroup }));
  return {
    tableName, bucketName, uploadsBucketName, documentQueueUrl: queue.QueueUrl!, deadLetterQueueUrl: dlq.QueueUrl!,
    reviewScheduleGroup, documentQueueArn: queueArn!, deadLetterQueueArn: dlqArn!,
  };
}

const ALREADY_EXISTS = new Set(['ResourceInUseException', 'BucketAlreadyOwnedByYou', 'BucketAlreadyExists', 'AlreadyExistsException']);

/** Resolves true when the resource was created, false when it was already there. */
async function ignoreIfExists(creating: Promise<unknown>): Promise<boolean> {
  try {
    await creating;
    return true;
  } catch (error) {
    if (ALREADY_EXISTS.has((error as Error).name)) return false;
    throw error;
  }
}
