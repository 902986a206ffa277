import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { SecureLink, SignConsent } from '../../domain/delivery/secure-link.ts';
import { dynamoClient } from './dynamo-client.ts';
import { guard, isConditionFailure } from './guard.ts';
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

  /**
   * Keeps a signing link's consent choice, unless the link signed already or its client chose paper (final for the
   * link): false then, and nothing changed.
   */
  async recordSignConsent(agencyId: string, tokenHash: string, consent: SignConsent): Promise<boolean> {
    try {
      await guard('dynamodb record sign consent', () => dynamoClient().send(new UpdateCommand({
        TableName: this.table, Key: { pk: keys.link(agencyId, tokenHash), sk: keys.linkRecord() },
        UpdateExpression: 'SET #consent = :consent',
        ConditionExpression: 'attribute_exists(pk) AND #purpose = :sign AND attribute_not_exists(#usedAt) AND (attribute_not_exists(#consent) OR #consent.#choice = :agree)',
        ExpressionAttributeNames: { '#consent': 'signConsent', '#purpose': 'purpose', '#usedAt': 'usedAt', '#choice': 'choice' },
        ExpressionAttributeValues: { ':consent': consent, ':sign': 'sign', ':agree': 'agree' },
      })));
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
}
