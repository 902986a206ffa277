import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { workers } from '../functions/contracts/routes.ts';
import { chromiumFunction } from './chromium-function.ts';
import { createFunction } from './lambda.ts';
import type { StageSettings } from './stage.ts';

/** Rendering a PDF in headless Chromium; the queue's visibility timeout is derived from this. */
export const documentWorkerTimeout = Duration.seconds(60);

interface WorkerProps {
  readonly key: kms.IKey;
  readonly settings: StageSettings;
  readonly environment: Record<string, string>;
}

export function createDocumentWorker(scope: Construct, props: WorkerProps & { queue: sqs.IQueue }): NodejsFunction {
  const fn = createFunction(scope, {
    ...props,
    handler: workers.documentWorker,
    ...chromiumFunction,
    timeout: documentWorkerTimeout,
  });
  // Partial batch responses: one bad document does not send its four neighbours back to the queue.
  fn.addEventSource(new SqsEventSource(props.queue, { batchSize: 5, reportBatchItemFailures: true }));
  return fn;
}

export function createOutboxSweeper(scope: Construct, props: WorkerProps): NodejsFunction {
  const fn = createFunction(scope, {
    ...props,
    handler: workers.outboxSweeper,
    // Shorter than the schedule, so one sweep ends before the next starts.
    timeout: Duration.seconds(50),
  });
  new events.Rule(scope, 'OutboxSweeperSchedule', {
    description: 'Sweep the outbox index for document jobs not yet completed',
    schedule: events.Schedule.rate(Duration.minutes(1)),
    // A missed sweep is simply the next minute's sweep; retrying would only stack runs.
    targets: [new targets.LambdaFunction(fn, { retryAttempts: 0 })],
  });
  return fn;
}

export function createRetentionSweeper(scope: Construct, props: WorkerProps): NodejsFunction {
  const fn = createFunction(scope, { ...props, handler: workers.retentionSweeper, timeout: Duration.minutes(5) });
  new events.Rule(scope, 'RetentionSweeperSchedule', {
    description: 'Purge ended cases whose retention period is over and that are not on legal hold',
    schedule: events.Schedule.cron({ minute: '30', hour: '3' }),
    // A failed or partial run leaves its cases in the retention index: the next day's run finds them again.
    targets: [new targets.LambdaFunction(fn, { retryAttempts: 2 })],
  });
  return fn;
}

/**
 * The release step of uploads (infra/uploads.ts): GuardDuty's scan result in, the file released or held. It reads a
 * whole file (up to a question's limit, MAX_UPLOAD_MEGABYTES at most) and rewrites images without their metadata, so it gets more
 * memory and time than a route.
 */
export function createUploadScanned(scope: Construct, props: WorkerProps): NodejsFunction {
  return createFunction(scope, { ...props, handler: workers.uploadScanned, memorySize: 1024, timeout: Duration.seconds(60) });
}

/**
 * SES events from the topic into the table. SNS invokes the function asynchronously: an event that still fails
 * after Lambda's retries goes to the dead-letter queue (the on-failure destination, which keeps the whole SNS
 * event), and so does one SNS could not hand to Lambda at all (the subscription's redrive policy).
 */
export function createSesEventsHandler(
  scope: Construct,
  props: WorkerProps & { topic: sns.ITopic; deadLetterQueue: sqs.IQueue },
): NodejsFunction {
  const fn = createFunction(scope, { ...props, handler: workers.sesEvents });
  fn.configureAsyncInvoke({
    retryAttempts: 2,
    maxEventAge: Duration.hours(6),
    onFailure: new SqsDestination(props.deadLetterQueue),
  });
  props.topic.addSubscription(new LambdaSubscription(fn, { deadLetterQueue: props.deadLetterQueue }));
  return fn;
}
