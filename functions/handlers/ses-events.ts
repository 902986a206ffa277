import type { SNSEvent } from 'aws-lambda';
import { DynamoDeliveryEvidenceStore } from '../adapters/aws/delivery-evidence-store.ts';
import { applySesEvent, type SesEvent } from '../domain/delivery/delivery-events.ts';
import { logger } from '../observability/logger.ts';
import { builtOnce } from '../composition/built-once.ts';
import { readConfig, type Config } from '../contracts/config.ts';

/**
 * SES → SNS → here: each delivery, bounce, complaint or rejection of a message caseforms sent updates its
 * delivery on the case. A failure throws, so Lambda retries the event and then sends it to the function's
 * on-failure destination; evidence is never only a log line.
 */
export function build(settings: () => Config = readConfig) {
  const store = builtOnce(() => new DynamoDeliveryEvidenceStore(settings().tableName));
  return (event: SNSEvent) => applyEvents(store(), event);
}

export const handler = build();

async function applyEvents(store: DynamoDeliveryEvidenceStore, event: SNSEvent): Promise<void> {
  for (const record of event.Records) {
    // Each event's lines carry its own id, not the last one this container logged for (locally: another function's).
    logger.setCorrelationId(record.Sns.MessageId);
    let sesEvent: SesEvent;
    try {
      sesEvent = JSON.parse(record.Sns.Message) as SesEvent;
    } catch {
      logger.error('SES event is not JSON', { messageId: record.Sns.MessageId });
      continue;
    }
    if (typeof sesEvent?.mail?.messageId !== 'string') {
      logger.error('SES event without a message', { messageId: record.Sns.MessageId });
      continue;
    }
    const evidence = await applySesEvent(store, sesEvent);
    logger.info('SES event', {
      eventType: sesEvent.eventType ?? sesEvent.notificationType,
      applied: evidence !== undefined,
      ...(evidence ? { caseId: evidence.delivery.caseId, documentId: evidence.delivery.documentId, recipient: evidence.delivery.recipient, status: evidence.status } : {}),
    });
  }
}
