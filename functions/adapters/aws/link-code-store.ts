import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { LINK_CODE_MAX_ATTEMPTS, type LinkCodeRecord } from '../../domain/delivery/link-code.ts';
import { keys, tableDesign } from '../../contracts/table-design.ts';
import { dynamoClient } from './dynamo-client.ts';
import { guard, isConditionFailure } from './guard.ts';

/** Code records outlive their code by an hour: the resend limit counts the sends of the last hour. */
const CODE_KEPT_SECONDS = 3_600;

/**
 * A secure link's one-time code and the browsers that confirmed it (domain/delivery/link-code.ts), in the link's own
 * code partition (table-design.ts `linkCode`). Both expire by TTL.
 */
export class DynamoLinkCodeStore {
  constructor(private readonly table: string) {}

  findCode(agencyId: string, tokenHash: string): Promise<LinkCodeRecord | undefined> {
    return guard('dynamodb get link code', async () => {
      const { Item } = await dynamoClient().send(new GetCommand({ TableName: this.table, Key: this.codeKey(agencyId, tokenHash), ConsistentRead: true }));
      return Item as LinkCodeRecord | undefined;
    });
  }

  /**
   * Puts a new code over the one read before (`previousSentAt`): two sends at once cannot both pass the resend
   * limit, the second finds the record changed and gets false.
   */
  async replaceCode(agencyId: string, tokenHash: string, record: LinkCodeRecord, previousSentAt: string | undefined): Promise<boolean> {
    try {
      await guard('dynamodb put link code', () => dynamoClient().send(new PutCommand({
        TableName: this.table,
        Item: { ...this.codeKey(agencyId, tokenHash), type: 'link-code', ...record, [tableDesign.ttlAttribute]: Math.floor(Date.parse(record.sentAt) / 1000) + CODE_KEPT_SECONDS },
        ...(previousSentAt === undefined
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : { ConditionExpression: 'sentAt = :previous', ExpressionAttributeValues: { ':previous': previousSentAt } }),
      })));
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /**
   * Counts one try, in one conditional write so tries made at once are all counted: the record with this try
   * counted, `used-up` when the code had no tries left, undefined when there is no code.
   */
  async countAttempt(agencyId: string, tokenHash: string): Promise<LinkCodeRecord | 'used-up' | undefined> {
    try {
      const { Attributes } = await guard('dynamodb count link code attempt', () => dynamoClient().send(new UpdateCommand({
        TableName: this.table, Key: this.codeKey(agencyId, tokenHash),
        UpdateExpression: 'ADD attempts :one',
        ConditionExpression: 'attribute_exists(pk) AND attempts < :max',
        ExpressionAttributeValues: { ':one': 1, ':max': LINK_CODE_MAX_ATTEMPTS },
        ReturnValues: 'ALL_NEW',
      })));
      return Attributes as LinkCodeRecord;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      return (await this.findCode(agencyId, tokenHash)) === undefined ? undefined : 'used-up';
    }
  }

  /**
   * A confirmed code opens the link once: its record goes and the browser's pass is stored (both in one call would
   * need a transaction for two items of one partition; a pass without the delete only leaves a used code to expire).
   */
  async confirm(agencyId: string, tokenHash: string, passHash: string, validUntil: string): Promise<void> {
    await guard('dynamodb put link pass', () => dynamoClient().send(new PutCommand({
      TableName: this.table,
      Item: {
        pk: keys.linkCode(agencyId, tokenHash), sk: keys.linkPass(passHash), type: 'link-pass', validUntil,
        [tableDesign.ttlAttribute]: Math.floor(Date.parse(validUntil) / 1000) + 60,
      },
    })));
    await guard('dynamodb delete link code', () => dynamoClient().send(new DeleteCommand({ TableName: this.table, Key: this.codeKey(agencyId, tokenHash) })));
  }

  /** Whether a browser's pass still opens the link. */
  passValid(agencyId: string, tokenHash: string, passHash: string, now: Date): Promise<boolean> {
    return guard('dynamodb get link pass', async () => {
      const { Item } = await dynamoClient().send(new GetCommand({
        TableName: this.table, Key: { pk: keys.linkCode(agencyId, tokenHash), sk: keys.linkPass(passHash) }, ConsistentRead: true,
      }));
      return Item !== undefined && Date.parse(String(Item.validUntil)) > now.getTime();
    });
  }

  private codeKey(agencyId: string, tokenHash: string) {
    return { pk: keys.linkCode(agencyId, tokenHash), sk: keys.linkCodeRecord() };
  }
}
