import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { StoredUpload, UploadStore } from '../../domain/uploads/upload-ports.ts';
import type { ScanResult, UploadRecord } from '../../domain/uploads/upload-record.ts';
import { dynamoClient } from './dynamo-client.ts';
import { guard, isConditionFailure } from './guard.ts';
import { uploadItem, uploadKey, uploadRecordOf } from './upload-items.ts';

/**
 * The upload records alone (table-design.ts keys.upload): what receiving keeps and what a submission's links are
 * checked against. Linking needs no bucket, so the submit functions use this without one.
 */
export class DynamoUploadRecords implements Pick<UploadStore, 'findUpload' | 'putReceived' | 'forgetUnreceived'> {
  constructor(private readonly table: string) {}

  findUpload(agencyId: string, uploadId: string): Promise<StoredUpload | undefined> {
    return guard('dynamodb get upload', async () => {
      const { Item } = await dynamoClient().send(new GetCommand({ TableName: this.table, Key: uploadKey(agencyId, uploadId), ConsistentRead: true }));
      if (!Item) return undefined;
      if (typeof Item.receivedAt === 'string') return { received: true, record: uploadRecordOf(Item) };
      return { received: false, scan: Item.scan as ScanResult | undefined, scanEtag: Item.scanEtag as string | undefined };
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
