import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { addressHash, keys } from '../../functions/contracts/table-design.ts';
import type { LocalStack } from '../../local/stack.ts';

/**
 * Records a client's address as verified in person, straight in the table, for tests about what happens to documents
 * once it is (delivery, links, termination): confirming it is test/e2e/client-address-verification.test.ts's subject.
 * Call it before the first document for the client is made.
 */
export async function clientAddressVerified(stack: LocalStack, agencyId: string, caseId: string, address: string): Promise<void> {
  const hash = addressHash(address);
  await DynamoDBDocumentClient.from(new DynamoDBClient({})).send(new PutCommand({
    TableName: stack.resources.tableName,
    Item: {
      pk: keys.case(agencyId, caseId), sk: keys.clientAddress(), type: 'client-address',
      currentHash: hash, verifiedHash: hash, verifiedAt: new Date().toISOString(), verifiedBy: 'in-person', verifiedByStaff: 'test-fixture',
    },
  }));
}
