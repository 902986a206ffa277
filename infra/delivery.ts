import { Aws, Duration, Stack, Token } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { addDeadLetterAlarm } from './alarms.ts';
import { allowServiceToEncryptFor } from './encryption.ts';

/**
 * What SES reports back about a message: exactly the events functions/domain/delivery/delivery-events.ts records on the
 * case. Not RENDERING_FAILURE: mail is sent as raw content, never from an SES template.
 */
export const reportedMailEvents: readonly ses.EmailSendingEvent[] = [
  ses.EmailSendingEvent.DELIVERY,
  ses.EmailSendingEvent.BOUNCE,
  ses.EmailSendingEvent.COMPLAINT,
  ses.EmailSendingEvent.REJECT,
];

export interface MailEventsProps {
  /** The stack's key: encrypts the topic and the dead-letter queue. A Key, not an IKey: its policy is extended here. */
  readonly key: kms.Key;
  /** Every agency in the form catalog: each gets its own configuration set. */
  readonly agencyIds: readonly string[];
}

/** SES configuration set names: letters, digits, hyphens and underscores, at most 64 characters. */
const SES_CONFIGURATION_SET_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * `<stack name>-<agency id>` (e.g. `caseforms-prod-demo`), so an agency's engineer finds their set in the SES
 * console by name. Stack names are unique per account and region, as configuration set names must be. Undefined
 * when that does not make a valid SES name (an agency id too long for it): CloudFormation then generates one.
 */
export function configurationSetNameFor(stackName: string, agencyId: string): string | undefined {
  const name = `${stackName}-${agencyId}`;
  return !Token.isUnresolved(stackName) && SES_CONFIGURATION_SET_NAME.test(name) ? name : undefined;
}

/**
 * How the stack learns what happened to mail it sent: one SES configuration set per agency, each with an event
 * destination publishing deliveries, bounces, complaints and rejections to one encrypted SNS topic, for the
 * ses-events function; and the dead-letter queue where events end up when that function, or SNS's delivery to it,
 * fails for good. A set per agency gives each agency its own sending metrics (reputation, bounce and complaint
 * rates) in SES, and lets one agency's events be routed or paused without touching another's.
 */
export class MailEvents extends Construct {
  /** Each agency's configuration set, by agency id. */
  readonly configurationSets: ReadonlyMap<string, ses.ConfigurationSet>;
  readonly topic: sns.Topic;
  readonly deadLetterQueue: sqs.Queue;
  readonly deadLetterAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, { key, agencyIds }: MailEventsProps) {
    super(scope, id);
    // Bounces and complaints name recipients: the topic is encrypted with the case-data key. SSE topics accept
    // only HTTPS, SigV4-signed publishes, so no separate TLS policy is needed.
    this.topic = new sns.Topic(this, 'Topic', { displayName: 'caseforms mail events', masterKey: key });
    const { stackName } = Stack.of(this);
    const sets = new Map<string, ses.ConfigurationSet>();
    for (const agencyId of [...new Set(agencyIds)].sort()) {
      const configurationSetName = configurationSetNameFor(stackName, agencyId);
      const configurationSet = new ses.ConfigurationSet(this, `ConfigurationSet-${agencyId}`, configurationSetName ? { configurationSetName } : {});
      // CDK adds a topic policy statement letting SES publish, conditioned on this account and this set.
      configurationSet.addEventDestination('ToTopic', {
        destination: ses.EventDestination.snsTopic(this.topic),
        events: [...reportedMailEvents],
      });
      sets.set(agencyId, configurationSet);
    }
    this.configurationSets = sets;
    allowServiceToEncryptFor(key, 'ses.amazonaws.com', 'aws:sns:topicArn', 'sns');

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetter', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: key,
      enforceSSL: true,
      // The maximum: a lost bounce is a notice nobody knows went unread.
      retentionPeriod: Duration.days(14),
    });
    // SNS itself writes to the queue when it cannot invoke the function (the subscription's redrive policy).
    allowServiceToEncryptFor(key, 'sns.amazonaws.com', 'aws:sqs:arn', 'sqs');

    this.deadLetterAlarm = addDeadLetterAlarm(this, this.deadLetterQueue, 'SES delivery events could not be recorded and are waiting in the dead-letter queue');
  }

  /** Agency id → configuration set name, as the document worker reads it (functions/contracts/config.ts). */
  get configurationSetNames(): Record<string, string> {
    return Object.fromEntries([...this.configurationSets].map(([agencyId, set]) => [agencyId, set.configurationSetName]));
  }

  /**
   * `arn:…:ses:<region>:<account>:configuration-set/<name>` of every agency's set: SendEmail with a set is
   * authorized against that set too.
   */
  get configurationSetArns(): string[] {
    return [...this.configurationSets.values()].map(
      (set) => `arn:${Aws.PARTITION}:ses:${Aws.REGION}:${Aws.ACCOUNT_ID}:configuration-set/${set.configurationSetName}`,
    );
  }
}
