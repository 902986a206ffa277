import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, type BatchGetCommandOutput, GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { FiledCounts, IndexBackfillStore } from '../../domain/cases/case-index-backfill.ts';
import { caseRecordOf, type AuditRecord, type CaseRecord } from '../../domain/cases/case-record.ts';
import type { ClientIdentity } from '../../domain/forms/identity.ts';
import { StorageError } from '../../domain/cases/storage-error.ts';
import type { BlobStore } from './blob-store.ts';
import { caseIndexKeys } from './case-item.ts';
import { auditItem } from './case-store.ts';
import { matchEntryKeys, matchItem } from './match-items.ts';
import { searchItem, searchKeys, type SearchKey } from './search-items.ts';
import { dynamoClient } from './dynamo-client.ts';
import { guard } from './guard.ts';
import { keys, tableDesign } from '../../contracts/table-design.ts';

/** DynamoDB's limit on one transaction's items. */
const MOST_PER_TRANSACTION = 100;

/**
 * The case-index backfill on DynamoDB (scripts/backfill-case-indexes.ts): an agency's cases by its cases index, paged,
 * and per case the entries an intake writes, computed by the same functions the intake store uses.
 */
export class DynamoIndexBackfillStore implements IndexBackfillStore {
  /** pageSize: the cases read by one query of the agency's index. */
  constructor(private readonly table: string, private readonly blobs: BlobStore, private readonly pageSize = 100) {}

  async *casePages(agencyId: string): AsyncIterable<readonly CaseRecord[]> {
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await guard('dynamodb query cases', () => dynamoClient().send(new QueryCommand({
        TableName: this.table, IndexName: tableDesign.indexes.casesByAgency.name, KeyConditionExpression: 'agencyCases = :agency',
        ExpressionAttributeValues: { ':agency': keys.agencyCases(agencyId) }, Limit: this.pageSize, ExclusiveStartKey,
      })));
      yield (page.Items ?? []).map(caseRecordOf);
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
  }

  submissions(agencyId: string, caseId: string): Promise<readonly Record<string, unknown>[]> {
    return guard('dynamodb query submissions', async () => {
      const items: Record<string, unknown>[] = [];
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const page = await dynamoClient().send(new QueryCommand({
          TableName: this.table, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :submission)',
          ExpressionAttributeValues: { ':pk': keys.case(agencyId, caseId), ':submission': keys.submission('') }, ConsistentRead: true, ExclusiveStartKey,
        }));
        items.push(...(page.Items ?? []));
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey);
      return items;
    });
  }

  readRaw(key: string): Promise<Buffer> {
    return this.blobs.get(key);
  }

  async fileCase(listed: CaseRecord, identity: ClientIdentity | undefined, recorded: AuditRecord | undefined, dryRun: boolean): Promise<FiledCounts | 'stale'> {
    const { agencyId, caseId } = listed;
    const recordIdentity = recorded !== undefined;
    const { Item: stored } = await guard('dynamodb get case', () => dynamoClient().send(new GetCommand({
      TableName: this.table, Key: { pk: keys.case(agencyId, caseId), sk: keys.caseRecord() }, ConsistentRead: true,
    })));
    // The index may lag the table: what is written must follow the record as it is now.
    if (!stored || caseRecordOf(stored).version !== listed.version) return 'stale';
    const record = caseRecordOf(stored);
    const missingSearch = await this.missing(searchKeys(agencyId, caseId, identity));
    const missingMatch = await this.missing(matchEntryKeys(agencyId, caseId, identity));
    const missingIndexKeys = Object.entries(caseIndexKeys(record)).filter(([name, value]) => stored[name] !== value);
    const counts: FiledCounts = {
      identities: recordIdentity ? 1 : 0, searchTerms: missingSearch.length, matchKeys: missingMatch.length, caseIndexKeys: missingIndexKeys.length > 0 ? 1 : 0,
    };
    if (dryRun || (counts.identities + counts.searchTerms + counts.matchKeys + counts.caseIndexKeys) === 0) return counts;

    const entries = [
      ...missingSearch.map((key) => searchItem(key, caseId)),
      ...missingMatch.map((key) => matchItem(key, agencyId, caseId, record.createdAt)),
    ].map((Item) => ({ Put: { TableName: this.table, Item } }));
    const audit = recorded ? [{ Put: { TableName: this.table, Item: auditItem(recorded), ConditionExpression: 'attribute_not_exists(pk)' } }] : [];
    const caseKey = { pk: keys.case(agencyId, caseId), sk: keys.caseRecord() };
    const sameVersion = { ConditionExpression: 'version = :version', ExpressionAttributeValues: { ':version': record.version } as Record<string, unknown> };
    const sets = missingIndexKeys.map(([name], index) => [`#k${index}`, `:k${index}`, name] as const);
    // Recording the identity is a change of the record: a new version, so a staff write that read the old one is refused.
    const update = {
      Update: {
        TableName: this.table, Key: caseKey, ConditionExpression: sameVersion.ConditionExpression,
        UpdateExpression: `SET ${[...sets.map(([name, value]) => `${name} = ${value}`), ...(recordIdentity ? ['#identity = :identity', 'version = :next'] : [])].join(', ')}`,
        ExpressionAttributeNames: { ...Object.fromEntries(sets.map(([name, , attribute]) => [name, attribute])), ...(recordIdentity ? { '#identity': 'identity' } : {}) },
        ExpressionAttributeValues: {
          ...sameVersion.ExpressionAttributeValues, ...Object.fromEntries(sets.map(([, value], index) => [value, missingIndexKeys[index]![1]])),
          ...(recordIdentity ? { ':identity': identity, ':next': record.version + 1 } : {}),
        },
      },
    };
    const caseUnchanged = { ConditionCheck: { TableName: this.table, Key: caseKey, ...sameVersion } };
    const caseWrite = sets.length > 0 || recordIdentity ? update : caseUnchanged;
    // Every transaction checks the version read; the case itself (and its audit record) is written in the last one.
    const size = MOST_PER_TRANSACTION - 1 - audit.length;
    const chunks = entries.length === 0 ? [[]] : Array.from({ length: Math.ceil(entries.length / size) }, (_, index) => entries.slice(index * size, (index + 1) * size));
    try {
      for (const [index, chunk] of chunks.entries()) {
        const last = index === chunks.length - 1;
        await dynamoClient().send(new TransactWriteCommand({ TransactItems: last ? [caseWrite, ...audit, ...chunk] : [caseUnchanged, ...chunk] }));
      }
      return counts;
    } catch (error) {
      if (error instanceof TransactionCanceledException && error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed') return 'stale';
      throw new StorageError('dynamodb file case entries', { cause: error });
    }
  }

  /** The keys among these that name no item yet. */
  private missing(wanted: readonly SearchKey[]): Promise<SearchKey[]> {
    return guard('dynamodb batch get entries', async () => {
      const found = new Set<string>();
      for (let start = 0; start < wanted.length; start += 100) {
        let unread: Array<Record<string, unknown>> | undefined = wanted.slice(start, start + 100).map(({ pk, sk }) => ({ pk, sk }));
        while (unread && unread.length > 0) {
          const result: BatchGetCommandOutput = await dynamoClient().send(new BatchGetCommand({
            RequestItems: { [this.table]: { Keys: unread, ProjectionExpression: 'pk, sk', ConsistentRead: true } },
          }));
          for (const item of result.Responses?.[this.table] ?? []) found.add(`${String(item.pk)}\n${String(item.sk)}`);
          unread = result.UnprocessedKeys?.[this.table]?.Keys;
        }
      }
      return wanted.filter((key) => !found.has(`${key.pk}\n${key.sk}`));
    });
  }
}
