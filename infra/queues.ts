import { Duration } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { addDeadLetterAlarm } from './alarms.ts';
import { QUEUE_MAX_RECEIVE_COUNT } from '../functions/domain/cases/document-job.ts';

export interface DocumentQueueProps {
  readonly key: kms.IKey;
  /** Timeout of the function consuming the queue; the visibility timeout is derived from it. */
  readonly consumerTimeout: Duration;
}

/** Document jobs between submit/sweeper and the worker, with a dead-letter queue that pages when it fills. */
export class DocumentQueue extends Construct {
  static readonly maxReceiveCount = QUEUE_MAX_RECEIVE_COUNT;

  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  readonly deadLetterAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, { key, consumerTimeout }: DocumentQueueProps) {
    super(scope, id);
    const encryption = { encryption: sqs.QueueEncryption.KMS, encryptionMasterKey: key, enforceSSL: true };

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetter', {
      ...encryption,
      // The maximum, so a failed job outlives a long weekend before anyone looks at it.
      retentionPeriod: Duration.days(14),
    });
    this.queue = new sqs.Queue(this, 'Queue', {
      ...encryption,
      // AWS's guidance for Lambda event sources: six times the function timeout, so retries and
      // batching never hand a message still being processed to a second worker.
      visibilityTimeout: Duration.seconds(consumerTimeout.toSeconds() * 6),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: DocumentQueue.maxReceiveCount },
    });

    this.deadLetterAlarm = addDeadLetterAlarm(this, this.deadLetterQueue, 'Document jobs failed every retry and are waiting in the dead-letter queue');
  }
}
