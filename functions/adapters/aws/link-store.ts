import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { SecureLink } from '../../domain/delivery/secure-link.ts';
import { dynamoClient } from './dynamo-client.ts';
import { guard } from './guard.ts';
import { keys } from '../../contracts/table-design.ts';

export class DynamoLinkStore {
  constructor(private readonly table: string) {}

  findLink(agencyId: string, tokenHash: string): Promise<SecureLink | undefined> {
    return guard('dynamodb get link', async () => {
      const { Item } = await dynamoClient().send(new GetCommand({
        TableName: this.table, Key: { pk: keys.link(agencyId, tokenHash), sk: keys.linkRecord() }, ConsistentRead: true,
      }));
      return Item as SecureLink | undefined;
    });
  }
}
