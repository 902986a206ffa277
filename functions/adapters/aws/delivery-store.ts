import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { Claim, DeliveryPorts, DeliveryRef } from '../../domain/delivery/deliver.ts';
import type { HeldReason, PlannedDelivery, WithheldReason } from '../../domain/delivery/routing.ts';
import type { SecureLink } from '../../domain/delivery/secure-link.ts';
import { configVariables } from '../../contracts/config.ts';
import { dynamoClient } from './dynamo-client.ts';
import { sesClient } from './ses-client.ts';
import { conditionFailureItem, guard, isConditionFailure } from './guard.ts';
import { addressHash, keys, tableDesign } from '../../contracts/table-design.ts';

const LINK_KEPT_AFTER_EXPIRY_SECONDS = 30 * 24 * 3600;


/** The message tag deliveryTags() (deliver.ts) puts the agency id in: it picks the agency's configuration set. */
const AGENCY_TAG = 'caseforms-agency';

/**
 * The stack gave the worker configuration sets, but none for this agency: a deploy mistake. Sending anyway would
 * make mail whose bounces and complaints nobody hears of, so the delivery is released and retried (the name is
 * not a permanent SES error), and the job ends in the dead-letter queue if the stack is not fixed.
 */
export class MissingConfigurationSetError extends Error {
  override readonly name = 'MissingConfigurationSetError';
  constructor(agencyId: string | undefined) {
    super(`no SES configuration set for agency ${JSON.stringify(agencyId)} in ${configVariables.sesConfigurationSets}`);
  }
}

/** Deliveries, secure links and the suppression list in DynamoDB; mail through SES v2 as raw MIME. */
export class DynamoDeliveryStore implements DeliveryPorts {
  /**
   * `configurationSets`: each agency's SES configuration set, by agency id. Undefined (locally: the emulator has
   * no configuration sets) sends without one; otherwise every agency that sends must be in it.
   */
  constructor(protected readonly table: string, private readonly configurationSets: Readonly<Record<string, string>> | undefined) {}

  isSuppressed(agencyId: string, address: string): Promise<boolean> {
    return guard('dynamodb get suppression', async () => {
      const { Item } = await dynamoClient().send(new GetCommand({
        TableName: this.table, Key: { pk: keys.suppression(agencyId), sk: addressHash(address) }, ConsistentRead: true,
      }));
      return Item !== undefined;
    });
  }

  async recordWithheld(delivery: DeliveryRef, reason: WithheldReason, now: Date): Promise<void> {
    try {
      await guard('dynamodb record withheld delivery', () => dynamoClient().send(new PutCommand({
        TableName: this.table,
        Item: { ...this.key(delivery), type: 'delivery', documentId: delivery.documentId, recipient: delivery.recipient, status: 'withheld', reason, at: now.toISOString() },
        // Never over a delivery that was made.
        ConditionExpression: 'attribute_not_exists(pk) OR #status = :withheld',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':withheld': 'withheld' },
      })));
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  async recordHeld(delivery: DeliveryRef, reason: HeldReason, now: Date): Promise<void> {
    try {
      await guard('dynamodb record held delivery', () => dynamoClient().send(new PutCommand({
        TableName: this.table,
        Item: { ...this.key(delivery), type: 'delivery', documentId: delivery.documentId, recipient: delivery.recipient, status: 'held', reason, at: now.toISOString() },
        // Never over a delivery that was made, or one a worker holds now.
        ConditionExpression: 'attribute_not_exists(pk) OR #status IN (:withheld, :held)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':withheld': 'withheld', ':held': 'held' },
      })));
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  async claimDelivery(delivery: DeliveryRef, now: Date, leaseMs: number): Promise<Claim> {
    const Key = this.key(delivery);
    try {
      await guard('dynamodb claim delivery', () => dynamoClient().send(new UpdateCommand({
        TableName: this.table,
        Key,
        UpdateExpression: 'SET #type = :type, #status = :claimed, leaseUntil = :leaseUntil, documentId = :documentId, recipient = :recipient ADD attempts :one',
        ConditionExpression: 'attribute_not_exists(pk) OR #status IN (:retry, :withheld, :held) OR (#status = :claimed AND leaseUntil < :now)',
        ExpressionAttributeNames: { '#type': 'type', '#status': 'status' },
        ExpressionAttributeValues: {
          ':type': 'delivery', ':claimed': 'claimed', ':retry': 'retry', ':withheld': 'withheld', ':held': 'held', ':now': now.toISOString(),
          ':leaseUntil': new Date(now.getTime() + leaseMs).toISOString(),
          ':documentId': delivery.documentId, ':recipient': delivery.recipient, ':one': 1,
        },
        // The item as the failed condition saw it, in the same operation: a read afterwards could already see
        // the other worker's release, and take a delivery still to be made for one already made.
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      })));
      return 'claimed';
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      return conditionFailureItem(error)?.status?.S === 'claimed' ? 'held-by-another-worker' : 'already-delivered';
    }
  }

  async sendRaw(raw: Buffer, from: string, to: readonly string[], tags: Readonly<Record<string, string>>): Promise<string> {
    // Before any call: this is no SES failure, and sending without the agency's set must not happen.
    const configurationSet = this.configurationSetFor(tags[AGENCY_TAG]);
    return guard('ses send', async () => {
      const result = await sesClient().send(new SendEmailCommand({
        FromEmailAddress: from,
        Destination: { ToAddresses: [...to] },
        Content: { Raw: { Data: raw } },
        EmailTags: Object.entries(tags).map(([Name, Value]) => ({ Name, Value })),
        ...(configurationSet ? { ConfigurationSetName: configurationSet } : {}),
      }));
      return result.MessageId ?? '';
    });
  }

  markSent(delivery: DeliveryRef, messageId: string, method: PlannedDelivery['method'], now: Date): Promise<void> {
    return this.settle('dynamodb mark delivery sent', delivery, 'SET #status = :status, messageId = :messageId, #method = :method, sentAt = :now REMOVE leaseUntil, #reason', {
      ':status': 'sent', ':messageId': messageId, ':method': method, ':now': now.toISOString(),
    });
  }

  releaseDelivery(delivery: DeliveryRef, reason: string, now: Date): Promise<void> {
    return this.settle('dynamodb release delivery', delivery, 'SET #status = :status, #reason = :reason, failedAt = :now REMOVE leaseUntil', {
      ':status': 'retry', ':reason': reason, ':now': now.toISOString(),
    });
  }

  markFailed(delivery: DeliveryRef, reason: string, now: Date): Promise<void> {
    return this.settle('dynamodb mark delivery failed', delivery, 'SET #status = :status, #reason = :reason, failedAt = :now REMOVE leaseUntil', {
      ':status': 'failed', ':reason': reason, ':now': now.toISOString(),
    });
  }

  createLink(link: SecureLink): Promise<void> {
    return guard('dynamodb put link', async () => {
      await dynamoClient().send(new PutCommand({
        TableName: this.table,
        Item: {
          pk: keys.link(link.agencyId, link.tokenHash), sk: keys.linkRecord(), type: 'link', ...link,
          // TTL removes the item a month after the link stopped working; until then an opening is told it expired.
          [tableDesign.ttlAttribute]: Math.floor(Date.parse(link.validUntil) / 1000) + LINK_KEPT_AFTER_EXPIRY_SECONDS,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }));
    });
  }

  private settle(step: string, delivery: DeliveryRef, UpdateExpression: string, values: Record<string, unknown>): Promise<void> {
    return guard(step, async () => {
      await dynamoClient().send(new UpdateCommand({
        TableName: this.table, Key: this.key(delivery), UpdateExpression, ExpressionAttributeValues: values,
        ExpressionAttributeNames: { '#status': 'status', '#reason': 'reason', ...(UpdateExpression.includes('#method') ? { '#method': 'method' } : {}) },
      }));
    });
  }

  /** The agency's configuration set; undefined only when there are none at all (local). */
  private configurationSetFor(agencyId: string | undefined): string | undefined {
    const sets = this.configurationSets;
    if (sets === undefined) return undefined;
    // Own keys only: an agency id such as `constructor` must not find Object.prototype's.
    if (agencyId === undefined || !Object.hasOwn(sets, agencyId)) throw new MissingConfigurationSetError(agencyId);
    return sets[agencyId];
  }

  private key(delivery: DeliveryRef) {
    return { pk: keys.case(delivery.agencyId, delivery.caseId), sk: keys.delivery(delivery.documentId, delivery.recipient) };
  }
}
