import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DocumentJob } from '../../domain/cases/document-job.ts';
import { clientAddressRecordOf, type AddressCheck, type ClientAddressRecord } from '../../domain/cases/client-address.ts';
import type { AddressVerificationPorts, Verification } from '../../domain/cases/verify-client-address.ts';
import { SIGNATURE_REQUEST_JOB, signedDocumentOf } from '../../domain/delivery/signature-request.ts';
import { dynamoClient } from './dynamo-client.ts';
import { guard, isConditionFailure } from './guard.ts';
import { keys } from '../../contracts/table-design.ts';

/** The client-address item of a case, confirm links, and the documents held for the client, in DynamoDB. */
export class DynamoClientAddressStore implements AddressVerificationPorts {
  constructor(private readonly table: string) {}

  findCheck(agencyId: string, tokenHash: string): Promise<AddressCheck | undefined> {
    return guard('dynamodb get address check', async () => {
      const { Item } = await dynamoClient().send(new GetCommand({
        TableName: this.table, Key: { pk: keys.addressCheck(agencyId, tokenHash), sk: keys.addressCheckRecord() }, ConsistentRead: true,
      }));
      return Item as AddressCheck | undefined;
    });
  }

  /** Marks the link used; false when another request used it first. */
  async useCheck(check: AddressCheck, at: string): Promise<boolean> {
    try {
      await guard('dynamodb use address check', () => dynamoClient().send(new UpdateCommand({
        TableName: this.table, Key: { pk: keys.addressCheck(check.agencyId, check.tokenHash), sk: keys.addressCheckRecord() },
        UpdateExpression: 'SET usedAt = :at', ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(usedAt)',
        ExpressionAttributeValues: { ':at': at },
      })));
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  clientAddress(agencyId: string, caseId: string): Promise<ClientAddressRecord | undefined> {
    return guard('dynamodb get client address', async () => {
      const { Item } = await dynamoClient().send(new GetCommand({
        TableName: this.table, Key: { pk: keys.case(agencyId, caseId), sk: keys.clientAddress() }, ConsistentRead: true,
      }));
      return Item ? clientAddressRecordOf(Item) : undefined;
    });
  }

  recordVerified({ agencyId, caseId, addressHash, at, method, staff }: Verification): Promise<void> {
    return guard('dynamodb record verified address', async () => {
      await dynamoClient().send(new UpdateCommand({
        TableName: this.table, Key: { pk: keys.case(agencyId, caseId), sk: keys.clientAddress() },
        UpdateExpression: `SET #type = :type, verifiedHash = :hash, verifiedAt = :at, verifiedBy = :method${staff ? ', verifiedByStaff = :staff' : ''}${staff ? '' : ' REMOVE verifiedByStaff'}`,
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':type': 'client-address', ':hash': addressHash, ':at': at, ':method': method, ...(staff ? { ':staff': staff } : {}) },
      }));
    });
  }

  heldClientDocuments(agencyId: string, caseId: string): Promise<readonly DocumentJob[]> {
    return guard('dynamodb query held documents', async () => {
      const items: Record<string, unknown>[] = [];
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const page = await dynamoClient().send(new QueryCommand({
          TableName: this.table, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :documents)',
          // DELIVERY# and DOCUMENT# items in one query: which documents are held, and what made them.
          ExpressionAttributeValues: { ':pk': keys.case(agencyId, caseId), ':documents': 'D' }, ConsistentRead: true, ExclusiveStartKey,
        }));
        items.push(...(page.Items ?? []));
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey);
      const held = new Set(items.filter((item) => item.type === 'delivery' && item.recipient === 'client' && item.status === 'held').map((item) => String(item.documentId)));
      const documents = items
        .filter((item) => item.type === 'document' && held.has(String(item.documentId)))
        .map((item) => ({ documentType: String(item.documentType), agencyId, caseId, submissionId: String(item.submissionId) }));
      // A signature request has no document item of its own: its delivery names the document to sign.
      const signatureRequests = [...held].map(signedDocumentOf).filter((documentId) => documentId !== undefined)
        .map((documentId) => ({ documentType: SIGNATURE_REQUEST_JOB, agencyId, caseId, submissionId: documentId }));
      return [...documents, ...signatureRequests];
    });
  }
}
