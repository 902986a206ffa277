import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditRecord } from '../../domain/cases/case-record.ts';
import { StorageError } from '../../domain/cases/storage-error.ts';
import type { SigningRecord } from '../../domain/signatures/signing.ts';
import type { SigningChange, SigningJobKind, SigningStore, StoredSigning } from '../../domain/signatures/signing-store.ts';
import { keys } from '../../contracts/table-design.ts';
import { auditItem } from './case-store.ts';
import { dynamoClient } from './dynamo-client.ts';
import { guard } from './guard.ts';
import { outboxJobItem } from './outbox-item.ts';
import { uploadLinkItems } from './upload-link-items.ts';

const SIGNING_TYPE = 'signing';
const SIGNING_PREFIX = keys.signing('');

type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

/**
 * Signing records on DynamoDB (item `SIGNING#<documentId>` in the case's partition, so the retention purge takes
 * them with the case). Each change is one transaction: the record over the version read, its audit record, its
 * outbox jobs and, for a link's signature, the link marked used (`usedAt`, set once).
 */
export class DynamoSigningStore implements SigningStore {
  constructor(private readonly table: string) {}

  async openSigning(agencyId: string, caseId: string, opening: Parameters<SigningStore['openSigning']>[2]): Promise<'opened' | 'already-open' | 'conflict'> {
    const { record, superseded, audit } = opening;
    const items: TransactItem[] = [
      { Put: { TableName: this.table, Item: this.item(agencyId, caseId, record, 1), ConditionExpression: 'attribute_not_exists(pk)' } },
      ...this.sideEffects(agencyId, caseId, record, audit, opening.jobs),
      ...(superseded ? this.changeItems(agencyId, caseId, superseded) : []),
    ];
    const reasons = await this.transact('dynamodb open signing', items);
    if (reasons === undefined) return 'opened';
    return reasons[0]?.Code === 'ConditionalCheckFailed' ? 'already-open' : 'conflict';
  }

  findSigning(agencyId: string, caseId: string, documentId: string): Promise<StoredSigning | undefined> {
    return guard('dynamodb get signing', async () => {
      const { Item } = await dynamoClient().send(new GetCommand({ TableName: this.table, Key: { pk: keys.case(agencyId, caseId), sk: keys.signing(documentId) }, ConsistentRead: true }));
      return Item?.type === SIGNING_TYPE ? storedOf(Item) : undefined;
    });
  }

  listSignings(agencyId: string, caseId: string): Promise<readonly StoredSigning[]> {
    return guard('dynamodb list signings', async () => {
      const found: StoredSigning[] = [];
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const page = await dynamoClient().send(new QueryCommand({
          TableName: this.table, ConsistentRead: true, ExclusiveStartKey,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': keys.case(agencyId, caseId), ':prefix': SIGNING_PREFIX },
        }));
        found.push(...(page.Items ?? []).filter((item) => item.type === SIGNING_TYPE).map(storedOf));
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey);
      return found.sort((a, b) => a.record.createdAt.localeCompare(b.record.createdAt) || a.record.documentId.localeCompare(b.record.documentId));
    });
  }

  async saveSigning(agencyId: string, caseId: string, change: SigningChange): Promise<'saved' | 'conflict' | 'link-used'> {
    const items = this.changeItems(agencyId, caseId, change);
    const reasons = await this.transact('dynamodb save signing', items);
    if (reasons === undefined) return 'saved';
    // The link's update is the last item of a change: its condition is that the link was not used yet.
    return change.usedLinkTokenHash !== undefined && reasons[items.length - 1]?.Code === 'ConditionalCheckFailed' ? 'link-used' : 'conflict';
  }

  /** A change's items: the record over its version (first), its audit record and jobs, a scan's link, the signing link last. */
  private changeItems(agencyId: string, caseId: string, change: SigningChange): TransactItem[] {
    return [
      {
        Put: {
          TableName: this.table, Item: this.item(agencyId, caseId, change.record, change.version + 1),
          ConditionExpression: '#type = :signing AND version = :version',
          ExpressionAttributeNames: { '#type': 'type' }, ExpressionAttributeValues: { ':signing': SIGNING_TYPE, ':version': change.version },
        },
      },
      ...this.sideEffects(agencyId, caseId, change.record, change.audit, change.jobs),
      // The scan's file item names the document it is the paper signature of as its "submission".
      ...(change.linkedFile ? uploadLinkItems(this.table, change.linkedFile, { agencyId, caseId, submissionId: change.record.documentId }) as TransactItem[] : []),
      ...(change.usedLinkTokenHash !== undefined ? [{
        Update: {
          TableName: this.table, Key: { pk: keys.link(agencyId, change.usedLinkTokenHash), sk: keys.linkRecord() },
          UpdateExpression: 'SET usedAt = :at', ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(usedAt)',
          ExpressionAttributeValues: { ':at': change.audit.at },
        },
      }] : []),
    ];
  }

  private sideEffects(agencyId: string, caseId: string, record: SigningRecord, audit: AuditRecord, jobs: readonly SigningJobKind[] = []): TransactItem[] {
    return [
      { Put: { TableName: this.table, Item: auditItem(audit), ConditionExpression: 'attribute_not_exists(pk)' } },
      // A job's record is keyed by the document it works for (`submissionId` is the document id), one per kind.
      ...jobs.map((kind) => ({ Put: { TableName: this.table, Item: outboxJobItem({ documentType: kind, agencyId, caseId, submissionId: record.documentId }, record.documentId, audit.at) } })),
    ];
  }

  private item(agencyId: string, caseId: string, record: SigningRecord, version: number): Record<string, unknown> {
    return { pk: keys.case(agencyId, caseId), sk: keys.signing(record.documentId), type: SIGNING_TYPE, agencyId, caseId, record, version };
  }

  /** The transaction's cancellation reasons when a condition failed, undefined when it was written. */
  private async transact(step: string, items: TransactItem[]): Promise<ReadonlyArray<{ readonly Code?: string }> | undefined> {
    try {
      await dynamoClient().send(new TransactWriteCommand({ TransactItems: items }));
      return undefined;
    } catch (error) {
      const reasons = error instanceof TransactionCanceledException ? error.CancellationReasons ?? [] : [];
      if (reasons.some((reason) => reason.Code === 'ConditionalCheckFailed')) return reasons;
      throw new StorageError(step, { cause: error });
    }
  }
}

function storedOf(item: Record<string, unknown>): StoredSigning {
  return { record: item.record as SigningRecord, version: Number(item.version) };
}
