import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DocumentJob } from '../../domain/cases/document-job.ts';
import type { Outbox, PendingJob } from '../../domain/cases/outbox.ts';
import { dynamoClient } from './dynamo-client.ts';
import { guard } from './guard.ts';
import { keys, OUTBOX_PENDING, tableDesign } from '../../contracts/table-design.ts';

export class DynamoOutbox implements Outbox {
  constructor(private readonly table: string) {}

  due(now: Date, limit: number): Promise<readonly PendingJob[]> {
    return guard('dynamodb query outbox', async () => {
      const { Items = [] } = await dynamoClient().send(new QueryCommand({
        TableName: this.table,
        IndexName: tableDesign.indexes.outbox.name,
        KeyConditionExpression: 'outbox = :pending AND dueAt <= :now',
        ExpressionAttributeValues: { ':pending': OUTBOX_PENDING, ':now': now.toISOString() },
        Limit: limit,
      }));
      return Items.map((item) => ({ job: item.job as DocumentJob, dueAt: item.dueAt as string }));
    });
  }

  postpone(job: DocumentJob, until: Date): Promise<void> {
    return guard('dynamodb postpone outbox job', async () => {
      await dynamoClient().send(new UpdateCommand({
        TableName: this.table,
        Key: { pk: keys.case(job.agencyId, job.caseId), sk: keys.job(job.submissionId, job.documentType) },
        UpdateExpression: 'SET dueAt = :until ADD sweeps :one',
        // A job completed meanwhile has left the outbox: do not put it back.
        ConditionExpression: 'attribute_exists(outbox)',
        ExpressionAttributeValues: { ':until': until.toISOString(), ':one': 1 },
      })).catch((error: unknown) => {
        if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
      });
    });
  }
}
