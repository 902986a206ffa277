import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { SecureLink } from '../../domain/delivery/secure-link.ts';
import { clients } from './clients.ts';
import { guard } from './guard.ts';
import { keys } from '../../contracts/table-design.ts';

export class DynamoLinkStore {
  constructor(private readonly table: string) {}

  findLink(agencyId: string, tokenHash: string): Promise<SecureLink | undefined> {
    return guard('dynamodb get link', async () => {
      const { Item } = await clients.dynamo().send(new GetCommand({
        TableName: this.table, Key: { pk: keys.link(agencyId, tokenHash), sk: keys.linkRecord() }, ConsistentRead: true,
      }));
      return Item as SecureLink | undefined;
    });
  }
}
