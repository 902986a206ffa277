import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../contracts/table-design.ts';
import type { SessionEnd, SessionRecord, SessionStore } from '../../domain/sessions/staff-sessions.ts';
import { dynamoClient } from './dynamo-client.ts';
import { guard, isConditionFailure } from './guard.ts';

/** Staff sessions' records (web/staff/server-session.ts): one item per sign-in, removed by the table's TTL. */
export class DynamoSessionStore implements SessionStore {
  constructor(private readonly table: string) {}

  read(agencyId: string, sessionHash: string): Promise<SessionRecord | undefined> {
    return guard('dynamodb get session', async () => {
      const { Item } = await dynamoClient().send(new GetCommand({
        TableName: this.table, Key: this.key(agencyId, sessionHash), ConsistentRead: true,
        ProjectionExpression: 'lastActiveAt, endedAt, endedBy',
      }));
      return Item as SessionRecord | undefined;
    });
  }

  async touch(agencyId: string, sessionHash: string, at: number, keepUntil: number): Promise<void> {
    try {
      await guard('dynamodb touch session', () => dynamoClient().send(new UpdateCommand({
        TableName: this.table, Key: this.key(agencyId, sessionHash),
        UpdateExpression: 'SET lastActiveAt = :at, expiresAt = :keep, #type = :type',
        ConditionExpression: 'attribute_not_exists(endedAt)',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':at': at, ':keep': keepUntil, ':type': 'staff-session' },
      })));
    } catch (error) {
      // Ended meanwhile (signed out in another tab): the next request sees it.
      if (!isConditionFailure(error)) throw error;
    }
  }

  async end(agencyId: string, sessionHash: string, at: number, by: SessionEnd, keepUntil: number): Promise<void> {
    await guard('dynamodb end session', () => dynamoClient().send(new UpdateCommand({
      TableName: this.table, Key: this.key(agencyId, sessionHash),
      UpdateExpression: 'SET endedAt = if_not_exists(endedAt, :at), endedBy = if_not_exists(endedBy, :by), lastActiveAt = if_not_exists(lastActiveAt, :at), expiresAt = :keep, #type = :type',
      ExpressionAttributeNames: { '#type': 'type' },
      ExpressionAttributeValues: { ':at': at, ':by': by, ':keep': keepUntil, ':type': 'staff-session' },
    })));
  }

  private key(agencyId: string, sessionHash: string) {
    return { pk: keys.session(agencyId, sessionHash), sk: keys.sessionRecord() };
  }
}
