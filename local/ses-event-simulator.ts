import type { SNSEvent } from 'aws-lambda';
import type { SesEvent } from '../functions/domain/delivery/delivery-events.ts';
import type { MailboxMessage } from './mailbox.ts';

/** Recipient domains the local stack treats as SES's mailbox simulator does its bounce and complaint addresses. */
export const SIMULATED_DOMAINS = { bounce: 'bounce.caseforms.test', complaint: 'complaint.caseforms.test' } as const;

export type SesEventHandler = (event: SNSEvent) => Promise<void>;

/**
 * What SES's event publishing does in AWS, for the emulator (which has none): for every message sent, a Delivery
 * event, a permanent Bounce for an address at bounce.caseforms.test, a Delivery then a Complaint at
 * complaint.caseforms.test, published as SNS records to the same handler AWS invokes, with the message's tags as
 * SES echoes them.
 */
export class SesEventSimulator {
  /**
   * `messages` lists every accepted message, oldest first, as the local mailbox parses them; the first `published`
   * of them had their events published already (by an earlier run whose mail was restored).
   */
  constructor(private readonly messages: () => Promise<readonly MailboxMessage[]>, private readonly handler: SesEventHandler, private published = 0) {}

  /** Publishes the events of every message accepted since the last call; resolves to how many events. */
  async publishNew(): Promise<number> {
    const fresh = (await this.messages()).slice(this.published);
    this.published += fresh.length;
    let events = 0;
    for (const message of fresh) {
      const tags = Object.fromEntries(Object.entries(message.tags).map(([name, value]) => [name, [value]]));
      for (const event of simulatedEvents(message.id, message.to, message.date, tags)) {
        await this.handler(snsEvent(event));
        events += 1;
      }
    }
    return events;
  }
}

export function simulatedEvents(messageId: string, to: readonly string[], timestamp: string, tags: Record<string, string[]>): SesEvent[] {
  const mail = { messageId, timestamp, tags };
  const at = (domain: string) => to.filter((address) => address.toLowerCase().endsWith(`@${domain}`));
  const bounced = at(SIMULATED_DOMAINS.bounce);
  if (bounced.length > 0) {
    return [{ eventType: 'Bounce', mail, bounce: { bounceType: 'Permanent', bouncedRecipients: bounced.map((emailAddress) => ({ emailAddress })), timestamp } }];
  }
  const delivered: SesEvent = { eventType: 'Delivery', mail, delivery: { timestamp } };
  const complained = at(SIMULATED_DOMAINS.complaint);
  if (complained.length > 0) {
    return [delivered, { eventType: 'Complaint', mail, complaint: { complainedRecipients: complained.map((emailAddress) => ({ emailAddress })), timestamp } }];
  }
  return [delivered];
}

function snsEvent(event: SesEvent): SNSEvent {
  return {
    Records: [{
      EventSource: 'aws:sns', EventVersion: '1.0', EventSubscriptionArn: 'arn:aws:sns:us-east-1:000000000000:caseforms-ses-events:local',
      Sns: {
        Type: 'Notification', MessageId: `${event.mail.messageId}-${event.eventType}`, TopicArn: 'arn:aws:sns:us-east-1:000000000000:caseforms-ses-events',
        Subject: '', Message: JSON.stringify(event), Timestamp: new Date().toISOString(), SignatureVersion: '1', Signature: '', SigningCertUrl: '',
        UnsubscribeUrl: '', MessageAttributes: {},
      },
    }],
  };
}
