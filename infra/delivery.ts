import { Aws, Duration } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { addDeadLetterAlarm } from './alarms.ts';

/**
 * What SES reports back about a message: exactly the events functions/delivery/delivery-events.ts records on the
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
}

/**
 * How the stack learns what happened to mail it sent: an SES configuration set whose event destination publishes
 * deliveries, bounces, complaints and rejections to an encrypted SNS topic, for the ses-events function; and the
 * dead-letter queue where events end up when that function, or SNS's delivery to it, fails for good.
 */
export class MailEvents extends Construct {
  readonly configurationSet: ses.ConfigurationSet;
  readonly topic: sns.Topic;
  readonly deadLetterQueue: sqs.Queue;
  readonly deadLetterAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, { key }: MailEventsProps) {
    super(scope, id);
    // Bounces and complaints name recipients: the topic is encrypted with the case-data key. SSE topics accept
    // only HTTPS, SigV4-signed publishes, so no separate TLS policy is needed.
    this.topic = new sns.Topic(this, 'Topic', { displayName: 'caseforms mail events', masterKey: key });
    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {});
    // CDK adds the topic policy letting SES publish, conditioned on this account and configuration set.
    this.configurationSet.addEventDestination('ToTopic', {
      destination: ses.EventDestination.snsTopic(this.topic),
      events: [...reportedMailEvents],
    });
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

  /** `arn:…:ses:<region>:<account>:configuration-set/<name>`: SendEmail with this set is authorized against it too. */
  get configurationSetArn(): string {
    return `arn:${Aws.PARTITION}:ses:${Aws.REGION}:${Aws.ACCOUNT_ID}:configuration-set/${this.configurationSet.configurationSetName}`;
  }
}

/**
 * An AWS service writing to a resource encrypted with the key (SES publishing to the topic, SNS redriving to the
 * queue) uses the key as itself, not through a role, so it needs a key-policy statement. The encryption context
 * SNS and SQS always send limits it to that kind of resource in this account; naming the one topic or queue would
 * make the key depend on a resource that depends on the key.
 */
function allowServiceToEncryptFor(key: kms.Key, service: string, contextKey: string, resourceService: string): void {
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal(service)],
      actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
      resources: ['*'],
      conditions: {
        ArnLike: { [`kms:EncryptionContext:${contextKey}`]: `arn:${Aws.PARTITION}:${resourceService}:${Aws.REGION}:${Aws.ACCOUNT_ID}:*` },
      },
    }),
  );
}
