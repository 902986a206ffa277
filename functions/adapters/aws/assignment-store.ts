import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { keys, tableDesign } from '../../contracts/table-design.ts';
import type { AssignmentStore, CaseAssignment } from '../../domain/cases/assignment.ts';
import { caseRecordOf, type CaseRecord } from '../../domain/cases/case-record.ts';
import type { CaseloadCounter } from '../../domain/cases/caseloads.ts';
import { StorageError } from '../../domain/cases/storage-error.ts';
import { auditItem } from './case-store.ts';
import { versionedCasePut } from './case-item.ts';
import { dynamoClient } from './dynamo-client.ts';
import { guard } from './guard.ts';
import { outboxJobItem } from './outbox-item.ts';

/** Assignments of case managers, and caseload counts, on DynamoDB. */
export class DynamoAssignmentStore implements AssignmentStore, CaseloadCounter {
  constructor(private readonly table: string) {}

  getCase(agencyId: string, caseId: string): Promise<CaseRecord | undefined> {
    return guard('dynamodb get case', async () => {
      const { Item } = await dynamoClient().send(new GetCommand({
        TableName: this.table, Key: { pk: keys.case(agencyId, caseId), sk: keys.caseRecord() }, ConsistentRead: true,
      }));
      return Item ? caseRecordOf(Item) : undefined;
    });
  }

  /** The case, its notification job (in the outbox) and the audit record, together or not at all. */
  async commitAssignment({ before, after, audit, job }: CaseAssignment): Promise<'committed' | 'stale'> {
    try {
      await dynamoClient().send(new TransactWriteCommand({
        TransactItems: [
          // As a staff submission's: the version and state read are the ones written over.
          versionedCasePut(this.table, before, after),
          { Put: { TableName: this.table, ConditionExpression: 'attribute_not_exists(pk)', Item: outboxJobItem(job, job.submissionId, after.updatedAt) } },
          { Put: { TableName: this.table, Item: auditItem(audit), ConditionExpression: 'attribute_not_exists(pk)' } },
        ],
      }));
      return 'committed';
    } catch (error) {
      if (error instanceof TransactionCanceledException && error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed') return 'stale';
      throw new StorageError('dynamodb commit assignment', { cause: error });
    }
  }

  /**
   * The open-cases index holds a case only while it is open and under this case manager (case-item.ts), so the count
   * reads their current caseload and nothing else: no scan, no ended cases, no counter to drift.
   */
  openCaseCount(agencyId: string, caseManager: string): Promise<number> {
    return guard('dynamodb count caseload', async () => {
      let count = 0;
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const page = await dynamoClient().send(new QueryCommand({
          TableName: this.table, IndexName: tableDesign.indexes.openCasesByManager.name, Select: 'COUNT',
          KeyConditionExpression: 'agencyOpenManager = :partition', ExpressionAttributeValues: { ':partition': keys.agencyManager(agencyId, caseManager) },
          ExclusiveStartKey,
        }));
        count += page.Count ?? 0;
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey);
      return count;
    });
  }
}
