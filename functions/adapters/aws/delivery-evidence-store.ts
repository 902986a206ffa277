import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DeliveryEvidence, DeliveryEvidencePorts, EvidenceStatus } from '../../domain/delivery/delivery-events.ts';
import { addressHash } from '../../contracts/table-design.ts';
import { dynamoClient } from './dynamo-client.ts';
import { guard, isConditionFailure } from './guard.ts';
import { keys } from '../../contracts/table-design.ts';

/** SES events into DynamoDB: delivery statuses, the agency's suppression list, the case's flag. */
export class DynamoDeliveryEvidenceStore implements DeliveryEvidencePorts {
  constructor(private readonly table: string) {}

  async recordEvidence(evidence: DeliveryEvidence): Promise<boolean> {
    const { agencyId, caseId, documentId, recipient } = evidence.delivery;
    try {
      await guard('dynamodb record delivery evidence', () => dynamoClient().send(new UpdateCommand({
        TableName: this.table,
        Key: { pk: keys.case(agencyId, caseId), sk: keys.delivery(documentId, recipient) },
        // A late Delivery event must not hide an earlier bounce or complaint.
        UpdateExpression: evidence.status === 'delivered'
          ? 'SET events = list_append(if_not_exists(events, :none), :event), #status = if_not_exists(bad, :status)'
          : 'SET events = list_append(if_not_exists(events, :none), :event), #status = :status, bad = :status',
        ConditionExpression: 'messageId = :messageId',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':status': evidence.status, ':messageId': evidence.messageId, ':none': [], ':event': [{ status: evidence.status, at: evidence.at }] },
      })));
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  suppress(agencyId: string, address: string, reason: EvidenceStatus, at: string): Promise<void> {
    return guard('dynamodb put suppression', async () => {
      await dynamoClient().send(new PutCommand({
        TableName: this.table, Item: { pk: keys.suppression(agencyId), sk: addressHash(address), type: 'suppression', reason, at },
      }));
    });
  }

  flagUndelivered(agencyId: string, caseId: string, documentId: string, at: string): Promise<void> {
    return guard('dynamodb flag undelivered notice', async () => {
      await dynamoClient().send(new UpdateCommand({
        TableName: this.table,
        Key: { pk: keys.case(agencyId, caseId), sk: keys.caseRecord() },
        // A new version: a staff member's write based on the case before the flag must re-read it.
        UpdateExpression: 'SET noticeUndelivered = :documentId, updatedAt = :at, version = version + :one',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':documentId': documentId, ':at': at || new Date().toISOString(), ':one': 1 },
      }));
    });
  }
}
