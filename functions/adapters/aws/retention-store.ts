import { BatchWriteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditRecord, CaseRecord } from '../../domain/cases/case-record.ts';
import type { DueCase, RetentionStore } from '../../domain/cases/retention.ts';
import type { BlobStore } from './blob-store.ts';
import { caseRecordOf } from '../../domain/cases/case-record.ts';
import { auditItem } from './case-store.ts';
import { searchKeys } from './search-items.ts';
import { matchEntryKeys } from './match-items.ts';
import { dynamoClient } from './dynamo-client.ts';
import { guard } from './guard.ts';
import { keys, tableDesign } from '../../contracts/table-design.ts';
import { uploadObjects } from '../../domain/uploads/upload-objects.ts';

const epochOf = (day: string) => Math.floor(Date.parse(`${day}T00:00:00Z`) / 1000);

const FILE_PREFIX = keys.caseFile('');

/**
 * The retention index, the case and audit partitions, and the case's objects in S3: its submissions and documents in
 * the documents bucket, and the files its clients sent in the uploads bucket (`uploads`, where the deployment has one).
 */
export class DynamoRetentionStore implements RetentionStore {
  constructor(private readonly table: string, private readonly blobs: BlobStore, private readonly uploads?: BlobStore) {}

  dueCases(today: string, limit: number): Promise<readonly DueCase[]> {
    return guard('dynamodb query retention', async () => {
      const { Items = [] } = await dynamoClient().send(new QueryCommand({
        TableName: this.table, IndexName: tableDesign.indexes.casesByRetention.name,
        KeyConditionExpression: 'retentionDue = :due AND retainUntil <= :today',
        ExpressionAttributeValues: { ':due': keys.retentionDue(), ':today': today }, Limit: limit,
      }));
      return Items.map((item) => ({ agencyId: String(item.agencyId), caseId: String(item.caseId) }));
    });
  }

  currentCase(agencyId: string, caseId: string): Promise<CaseRecord | undefined> {
    return guard('dynamodb get case', async () => {
      const { Item } = await dynamoClient().send(new GetCommand({
        TableName: this.table, Key: { pk: keys.case(agencyId, caseId), sk: keys.caseRecord() }, ConsistentRead: true,
      }));
      return Item && caseRecordOf(Item);
    });
  }

  async deleteCaseObjects(agencyId: string, caseId: string): Promise<{ readonly deleted: number; readonly locked: number }> {
    const documents = await this.blobs.deletePrefix(`agencies/${agencyId}/cases/${caseId}/`);
    const uploadIds = await this.caseUploadIds(agencyId, caseId);
    if (uploadIds.length > 0 && !this.uploads) throw new Error('the case has files, and this function has no uploads bucket to delete them from');
    // Wherever the scan left each file: released, held as infected, or still in quarantine (not scanned). Deleting a
    // key that is not there succeeds, so a purge interrupted halfway runs again to the end.
    for (const uploadId of uploadIds) {
      for (const key of [uploadObjects.released(agencyId, uploadId), uploadObjects.held(agencyId, uploadId), uploadObjects.quarantine(agencyId, uploadId)]) await this.uploads!.delete(key);
    }
    return { deleted: documents.deleted + uploadIds.length, locked: documents.locked };
  }

  async expireAudit(agencyId: string, caseId: string, on: string): Promise<number> {
    const items = await this.partition(keys.audit(agencyId, caseId));
    for (const item of items) {
      await guard('dynamodb expire audit', () => dynamoClient().send(new UpdateCommand({
        TableName: this.table, Key: { pk: item.pk, sk: item.sk },
        UpdateExpression: 'SET #ttl = :at', ExpressionAttributeNames: { '#ttl': tableDesign.ttlAttribute }, ExpressionAttributeValues: { ':at': epochOf(on) },
      })));
    }
    return items.length;
  }

  recordPurge(audit: AuditRecord, auditRetainUntil: string): Promise<void> {
    return guard('dynamodb put audit', async () => {
      await dynamoClient().send(new PutCommand({
        TableName: this.table, Item: { ...auditItem(audit), [tableDesign.ttlAttribute]: epochOf(auditRetainUntil) }, ConditionExpression: 'attribute_not_exists(pk)',
      }));
    });
  }

  async deleteCaseItems(agencyId: string, caseId: string): Promise<number> {
    const items = await this.partition(keys.case(agencyId, caseId));
    // The entries outside the partition (search terms: name parts, phone, email; match entries: their hashes; the
    // person link) are found from the case record, so they go first, while it still says which.
    const { Item: record } = await guard('dynamodb get case identity', () => dynamoClient().send(new GetCommand({
      TableName: this.table, Key: { pk: keys.case(agencyId, caseId), sk: keys.caseRecord() }, ProjectionExpression: '#identity, personId', ExpressionAttributeNames: { '#identity': 'identity' }, ConsistentRead: true,
    })));
    const identity = record?.identity as CaseRecord['identity'];
    const outside = [
      // Each file's upload record (keys.upload), named by the case's FILE# items, which go with the partition.
      ...uploadIdsOf(items).map((uploadId) => ({ pk: keys.upload(agencyId, uploadId), sk: keys.uploadRecord() })),
      ...searchKeys(agencyId, caseId, identity),
      ...matchEntryKeys(agencyId, caseId, identity),
      ...(typeof record?.personId === 'string' ? [{ pk: keys.person(agencyId, record.personId), sk: keys.matchEntry(caseId) }] : []),
    ];
    const caseRecordLast = [...outside, ...items.filter((item) => item.sk !== keys.caseRecord()), ...items.filter((item) => item.sk === keys.caseRecord())];
    for (let start = 0; start < caseRecordLast.length; start += 25) {
      let requests = caseRecordLast.slice(start, start + 25).map((item) => ({ DeleteRequest: { Key: { pk: item.pk, sk: item.sk } } }));
      // The case record is in the last batch, so it goes only after everything before it did.
      while (requests.length > 0) {
        const result = await guard('dynamodb delete case items', () => dynamoClient().send(new BatchWriteCommand({ RequestItems: { [this.table]: requests } })));
        requests = (result.UnprocessedItems?.[this.table] ?? []) as typeof requests;
      }
    }
    return items.length;
  }

  private async caseUploadIds(agencyId: string, caseId: string): Promise<string[]> {
    return uploadIdsOf(await this.partition(keys.case(agencyId, caseId)));
  }

  private partition(pk: string): Promise<Array<Record<string, unknown>>> {
    return guard('dynamodb query partition', async () => {
      const items: Array<Record<string, unknown>> = [];
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const page = await dynamoClient().send(new QueryCommand({
          TableName: this.table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk },
          ProjectionExpression: 'pk, sk', ConsistentRead: true, ExclusiveStartKey,
        }));
        items.push(...(page.Items ?? []));
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey);
      return items;
    });
  }
}

const uploadIdsOf = (items: ReadonlyArray<Record<string, unknown>>): string[] =>
  items.flatMap((item) => (typeof item.sk === 'string' && item.sk.startsWith(FILE_PREFIX) ? [item.sk.slice(FILE_PREFIX.length)] : []));
