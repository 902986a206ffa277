import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DocumentJob } from '../cases/document-job.ts';
import type { CaseSubmission, Claim, DeliveryRef, DocumentJobPorts, DocumentRecord, SubmissionRecord } from '../documents/document-job-runner.ts';
import type { BlobStore } from './blob-store.ts';
import { clients } from './clients.ts';
import { guard } from './guard.ts';
import { keys } from './table-design.ts';

/** DynamoDB, S3 and SES behind the document job's ports. */
export class AwsDocumentJobPorts implements DocumentJobPorts {
  constructor(private readonly table: string, private readonly blobs: BlobStore) {}

  findSubmission(job: DocumentJob): Promise<SubmissionRecord | undefined> {
    return guard('dynamodb get submission', async () => {
      const { Item } = await clients.dynamo().send(new GetCommand({
        TableName: this.table, Key: { pk: keys.case(job.agencyId, job.caseId), sk: keys.submission(job.submissionId) }, ConsistentRead: true,
      }));
      return Item as SubmissionRecord | undefined;
    });
  }

  caseContext(job: DocumentJob) {
    return guard('dynamodb query case', async () => {
      const items: Record<string, unknown>[] = [];
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const page = await clients.dynamo().send(new QueryCommand({
          TableName: this.table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.case(job.agencyId, job.caseId) },
          ConsistentRead: true, ExclusiveStartKey,
        }));
        items.push(...(page.Items ?? []));
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey);
      const submissions = items.filter((item) => item.type === 'submission')
        .sort((a, b) => String(a.receivedAt).localeCompare(String(b.receivedAt))) as unknown as CaseSubmission[];
      const caseItem = items.find((item) => item.type === 'case');
      return { submissions, caseManagerEmail: caseItem?.caseManagerEmail as string | undefined };
    });
  }

  readBlob(key: string): Promise<Buffer> {
    return this.blobs.get(key);
  }

  putBlob(key: string, body: Buffer, contentType: string): Promise<void> {
    return this.blobs.put(key, body, contentType);
  }

  recordDocument(record: DocumentRecord): Promise<void> {
    return guard('dynamodb put document', async () => {
      await clients.dynamo().send(new PutCommand({
        TableName: this.table, Item: { pk: keys.case(record.agencyId, record.caseId), sk: keys.document(record.documentId), type: 'document', ...record },
      }));
    });
  }

  async claimDelivery(delivery: DeliveryRef, now: Date, leaseMs: number): Promise<Claim> {
    const key = this.deliveryKey(delivery);
    try {
      await guard('dynamodb claim delivery', () => clients.dynamo().send(new UpdateCommand({
        TableName: this.table,
        Key: key,
        UpdateExpression: 'SET #type = :type, #status = :claimed, leaseUntil = :leaseUntil, documentId = :documentId, recipient = :recipient ADD attempts :one',
        ConditionExpression: 'attribute_not_exists(pk) OR (#status = :claimed AND leaseUntil < :now)',
        ExpressionAttributeNames: { '#type': 'type', '#status': 'status' },
        ExpressionAttributeValues: {
          ':type': 'delivery', ':claimed': 'claimed', ':now': now.toISOString(),
          ':leaseUntil': new Date(now.getTime() + leaseMs).toISOString(),
          ':documentId': delivery.documentId, ':recipient': delivery.recipient, ':one': 1,
        },
      })));
      return 'claimed';
    } catch (error) {
      if ((error as Error).cause === undefined || ((error as Error).cause as Error).name !== 'ConditionalCheckFailedException') throw error;
    }
    const existing = await guard('dynamodb get delivery', () =>
      clients.dynamo().send(new GetCommand({ TableName: this.table, Key: key, ConsistentRead: true })));
    return existing.Item?.status === 'sent' ? 'already-delivered' : 'held-by-another-worker';
  }

  sendRaw(raw: Buffer, from: string, to: readonly string[]): Promise<string> {
    return guard('ses send', async () => {
      const result = await clients.ses().send(new SendEmailCommand({
        FromEmailAddress: from, Destination: { ToAddresses: [...to] }, Content: { Raw: { Data: raw } },
      }));
      return result.MessageId ?? '';
    });
  }

  markDelivered(delivery: DeliveryRef, messageId: string, now: Date): Promise<void> {
    return guard('dynamodb mark delivered', async () => {
      await clients.dynamo().send(new UpdateCommand({
        TableName: this.table,
        Key: this.deliveryKey(delivery),
        UpdateExpression: 'SET #status = :sent, messageId = :messageId, sentAt = :now REMOVE leaseUntil',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':sent': 'sent', ':messageId': messageId, ':now': now.toISOString() },
      }));
    });
  }

  completeJob(job: DocumentJob, now: Date): Promise<void> {
    return guard('dynamodb complete job', async () => {
      await clients.dynamo().send(new UpdateCommand({
        TableName: this.table,
        Key: { pk: keys.case(job.agencyId, job.caseId), sk: keys.job(job.submissionId, job.documentType) },
        // Leaving the sparse outbox index is what tells the sweeper this job needs nothing more.
        UpdateExpression: 'SET #status = :done, completedAt = :now REMOVE outbox, dueAt',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':done': 'done', ':now': now.toISOString() },
      }));
    });
  }

  private deliveryKey(delivery: DeliveryRef) {
    return { pk: keys.case(delivery.agencyId, delivery.caseId), sk: keys.delivery(delivery.documentId, delivery.recipient) };
  }
}
