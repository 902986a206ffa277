import { Aws, Duration, NestedStack, Stack, type IAspect } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct, type IConstruct } from 'constructs';
import { FORM_REFUSED_METRIC } from '../functions/observability/metrics.ts';
import { functionId } from './lambda.ts';

/**
 * The per-function alarms, in a nested stack of their own: CloudFormation allows a stack 500 resources, and one alarm
 * per function is the one resource type that grows with every function without belonging to it. The parent passes
 * each function's name (and the alarm topic's ARN, added by NotifyOnEveryAlarm) as parameters; the nested stack is
 * deployed, updated and deleted with it.
 */
export class FunctionAlarms extends NestedStack {
  constructor(scope: Construct, id: string) {
    super(scope, id, { description: 'caseforms: one alarm per function on its errors and throttles' });
  }

  /**
   * One alarm per function on its errors and throttles together, on any occurrence in a minute. Errors from the public
   * routes mean a client got a 5xx; from the workers, a job or mail event is being retried. Throttles mean the account's
   * concurrency ran out, which nothing else in the stack would surface. One alarm, not two: the alarm's name says which
   * function; its graph shows which of the two. Named after the handler, so each function has exactly one.
   */
  add(fn: lambda.IFunction, handler: string): cloudwatch.Alarm {
    const options = { period: Duration.minutes(1), statistic: cloudwatch.Stats.SUM };
    return new cloudwatch.Alarm(this, `${functionId(handler)}FailuresAlarm`, {
      alarmDescription: `caseforms ${handler}: invocations failed with an error or were throttled`,
      // A minute with no invocation has no data in either: filled with 0, so silence means idle, not broken.
      metric: new cloudwatch.MathExpression({
        expression: 'FILL(errors, 0) + FILL(throttles, 0)',
        usingMetrics: { errors: fn.metricErrors(options), throttles: fn.metricThrottles(options) },
        period: Duration.minutes(1),
        label: 'errors + throttles',
      }),
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      threshold: 0,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }
}

/** An alarm as soon as anything waits in a dead-letter queue: each message there is work nobody has done yet. */
export function addDeadLetterAlarm(scope: Construct, queue: sqs.IQueue, description: string): cloudwatch.Alarm {
  return new cloudwatch.Alarm(scope, 'DeadLetterAlarm', {
    alarmDescription: description,
    metric: queue.metricApproximateNumberOfMessagesVisible({
      period: Duration.minutes(1),
      statistic: cloudwatch.Stats.MAXIMUM,
    }),
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    threshold: 0,
    evaluationPeriods: 1,
    // SQS stops publishing metrics for an idle queue; silence means empty, not broken.
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
}

/**
 * An alarm when any function starts with a form or agency pack it refused (FormRefused, counted by
 * functions/observability/refusals.ts at each cold start): the form answers 503 until the pack is fixed. Synth already
 * refuses a broken pack, so this catches what only the runtime sees (a bundle or runtime that reads the pack
 * differently). The count comes at cold starts only, so the alarm goes back to OK while the form is still refused:
 * the log line "form refused" names the agency, form, file and reason.
 */
export function addFormRefusedAlarm(scope: Construct): cloudwatch.Alarm {
  return new cloudwatch.Alarm(scope, 'FormRefusedAlarm', {
    alarmDescription: 'caseforms: a form or agency pack did not load and answers 503 (Logs Insights: "form refused" / "agency pack refused")',
    metric: new cloudwatch.Metric({
      namespace: FORM_REFUSED_METRIC.namespace,
      metricName: FORM_REFUSED_METRIC.name,
      dimensionsMap: { ...FORM_REFUSED_METRIC.dimensions },
      period: Duration.minutes(5),
      statistic: cloudwatch.Stats.SUM,
    }),
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    threshold: 0,
    evaluationPeriods: 1,
    // Nothing is counted when every form loads: silence means healthy.
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
}

/** Intakes stored (Submission, outcome `created`) in 5 minutes, across agencies, above which the intake-rate alarm fires. */
export const DEFAULT_INTAKE_RATE_THRESHOLD = 500;

/** The `intakeRateThreshold` context: a whole number of intakes per 5 minutes, from 1 up; the default when unset. */
export function parseIntakeRateThreshold(value: unknown): number {
  if (value === undefined || value === null || value === '') return DEFAULT_INTAKE_RATE_THRESHOLD;
  const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof number === 'number' && Number.isSafeInteger(number) && number >= 1) return number;
  throw new Error(`intakeRateThreshold must be a whole number of intakes per 5 minutes, from 1 up, not ${JSON.stringify(value)}`);
}

/**
 * An unusual intake rate: more stored intakes (both channels, every agency) in 5 minutes than the threshold. WAF limits
 * each address; a flood spread over many addresses, or a scripted campaign, still opens real cases, and this says so.
 * The count is the EMF metric the intake functions write (functions/observability/metrics.ts).
 */
export function addIntakeRateAlarm(scope: Construct, threshold: number): cloudwatch.Alarm {
  return new cloudwatch.Alarm(scope, 'IntakeRateAlarm', {
    alarmDescription: `caseforms: more than ${threshold} intakes stored in 5 minutes (Logs Insights: the intake-outcomes-per-hour query shows which agency)`,
    metric: new cloudwatch.Metric({
      namespace: 'caseforms',
      metricName: 'Submission',
      dimensionsMap: { service: 'caseforms', outcome: 'created' },
      period: Duration.minutes(5),
      statistic: cloudwatch.Stats.SUM,
    }),
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    threshold,
    evaluationPeriods: 1,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
}

/** One address: no spaces, commas or angle brackets, one @, and a domain with at least one dot. */
const EMAIL_ADDRESS = /^[^\s@,;<>]+@[^\s@,;<>.]+(\.[^\s@,;<>.]+)+$/;

/**
 * The `alarmEmail` context (`-c alarmEmail=oncall@agency.example`): undefined when unset or empty, else one address,
 * checked at synth for its shape only. SNS mails it a confirmation link, and nothing is delivered until it is followed.
 */
export function parseAlarmEmail(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string' && EMAIL_ADDRESS.test(value)) return value;
  throw new Error(`alarmEmail must be one email address, like oncall@agency.example, not ${JSON.stringify(value)}`);
}

export interface AlarmNotificationsProps {
  /** The stack's key: encrypts the topic. A Key, not an IKey: its policy is extended here. */
  readonly key: kms.Key;
  /** Subscribed to the topic by email when set (see parseAlarmEmail, which checks it). */
  readonly email?: string;
}

/**
 * The topic every alarm in the stack notifies, on ALARM and again on OK (see NotifyOnEveryAlarm). Encrypted with the
 * case-data key (alarm messages name functions and queues, not case data, but one key keeps one audit trail) and
 * TLS-only for publishers. The topic ARN is a stack output, so an agency can subscribe PagerDuty, Slack or Chatbot
 * itself; `email` adds an email subscription.
 */
export class AlarmNotifications extends Construct {
  readonly topic: sns.Topic;
  /** ALARM and OK actions to the topic. */
  readonly action: cloudwatch.IAlarmAction;

  constructor(scope: Construct, id: string, { key, email }: AlarmNotificationsProps) {
    super(scope, id);
    const stack = Stack.of(this);
    // Named, so the key policy below can name this one topic: its ARN is known without referring to the topic, which
    // would make the key depend on a topic that depends on the key. Stack names are unique per account and region.
    const topicName = `${stack.stackName}-alarms`;
    this.topic = new sns.Topic(this, 'Topic', { topicName, displayName: 'caseforms alarms', masterKey: key, enforceSSL: true });
    const topicArn = stack.formatArn({ service: 'sns', resource: topicName });

    // enforceSSL gives the topic a policy, which replaces SNS's default one: CloudWatch, publishing as itself, needs
    // its own statement, for alarms of this account and region only.
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarmsOfThisAccount',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          ArnLike: { 'aws:SourceArn': `arn:${Aws.PARTITION}:cloudwatch:${Aws.REGION}:${Aws.ACCOUNT_ID}:alarm:*` },
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
        },
      }),
    );
    // Publishing to an encrypted topic needs the publisher to be able to use the key, and CloudWatch uses it as itself:
    // a key-policy statement, limited by the encryption context SNS always sends to this one topic.
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToPublishToTheAlarmTopic',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'kms:EncryptionContext:aws:sns:topicArn': topicArn } },
      }),
    );

    const address = parseAlarmEmail(email);
    if (address) this.topic.addSubscription(new EmailSubscription(address));
    this.action = new SnsAction(this.topic);
  }
}

/**
 * Gives every CloudWatch alarm (and composite alarm) under the scope it is added to an ALARM and an OK action to the
 * topic, so an alarm added anywhere later notifies without anyone remembering to wire it. Add it with
 * AspectPriority.MUTATING, so it runs before the cdk-nag checks look at the alarms.
 */
export class NotifyOnEveryAlarm implements IAspect {
  private readonly done = new WeakSet<cloudwatch.AlarmBase>();

  constructor(private readonly action: cloudwatch.IAlarmAction) {}

  visit(node: IConstruct): void {
    if (!(node instanceof cloudwatch.Alarm || node instanceof cloudwatch.CompositeAlarm) || this.done.has(node)) return;
    this.done.add(node);
    node.addAlarmAction(this.action);
    node.addOkAction(this.action);
  }
}
