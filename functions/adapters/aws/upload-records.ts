import { BatchGetCommand, type BatchGetCommandOutput, DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { StoredUpload, UploadStore } from '../../domain/uploads/upload-ports.ts';
import type { ScanResult, UploadRecord } from '../../domain/uploads/upload-record.ts';
import { dynamoClient } from './dynamo-client.ts';
import { guard, isConditionFailure } from './guard.ts';
import { uploadItem, uploadKey, uploadRecordOf } from './upload-items.ts';

/**
 * The upload records alone (table-design.ts keys.upload): what receiving keeps and what a submission's links are
 * checked against. Linking needs no bucket, so the submit functions use this without one.
 */
export class DynamoUploadRecords implements Pick<UploadStore, 'findUpload' | 'findUploads' | 'putReceived' | 'forgetUnreceived'> {
  constructor(private readonly table: string) {}

  findUpload(agencyId: string, uploadId: string): Promise<StoredUpload | undefined> {
    return guard('dynamodb get upload', async () => {
      const { Item } = await dynamoClient().send(new GetCommand({ TableName: this.table, Key: uploadKey(agencyId, uploadId), ConsistentRead: true }));
      return Item ? storedUploadOf(Item) : undefined;
    });
  }

  findUploads(agencyId: string, uploadIds: readonly string[]): Promise<ReadonlyMap<string, StoredUpload>> {
    return guard('dynamodb batch get uploads', async () => {
      const found = new Map<string, StoredUpload>();
      const ids = [...new Set(uploadIds)];
      // BatchGetItem takes 100 keys a call and may hand some back unprocessed under load.
      for (let start = 0; start < ids.length; start += 100) {
        let wanted: Array<Record<string, unknown>> | undefined = ids.slice(start, start + 100).map((uploadId) => uploadKey(agencyId, uploadId));
        while (wanted && wanted.length > 0) {
          const result: BatchGetCommandOutput = await dynamoClient().send(new BatchGetCommand({ RequestItems: { [this.table]: { Keys: wanted, ConsistentRead: true } } }));
          for (const item of result.Responses?.[this.table] ?? []) found.set(item.uploadId as string, storedUploadOf(item));
          wanted = result.UnprocessedKeys?.[this.table]?.Keys;
        }
      }
      return found;
    });
  }

  async putReceived(record: UploadRecord, expiresAt: Date): Promise<'stored' | 'already-received'> {
    try {
      await guard('dynamodb put upload', () => dynamoClient().send(new PutCommand({
        TableName: this.table,
        Item: uploadItem(record, expiresAt),
        // A stub the scan wrote first (no receivedAt) is replaced; a received record never is.
        ConditionExpression: 'attribute_not_exists(receivedAt)',
      })));
      return 'stored';
    } catch (error) {
      if (isConditionFailure(error)) return 'already-received';
      throw error;
    }
  }

  async forgetUnreceived(agencyId: string, uploadId: string): Promise<void> {
    try {
      await guard('dynamodb delete upload stub', () => dynamoClient().send(new DeleteCommand({
        TableName: this.table, Key: uploadKey(agencyId, uploadId), ConditionExpression: 'attribute_not_exists(receivedAt)',
      })));
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
}

/** A received record, or the stub an early scan left (no receivedAt). */
function storedUploadOf(item: Record<string, unknown>): StoredUpload {
  if (typeof item.receivedAt === 'string') return { received: true, record: uploadRecordOf(item) };
  return { received: false, scan: item.scan as ScanResult | undefined, scanEtag: item.scanEtag as string | undefined };
}
