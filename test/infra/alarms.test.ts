import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { App, Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { afterAll, describe, expect, it } from 'vitest';
import { routes, workers } from '../../functions/contracts/routes.ts';
import { parseAlarmEmail } from '../../infra/alarms.ts';
import { CaseformsStack, type CaseformsStackProps } from '../../infra/caseforms-stack.ts';
import { DEPLOY_PACKS_HANDLER } from '../../infra/pack-deploy.ts';
import { dataKey, resourcesWithNested } from '../support/cdk-template.ts';

type Resource = { Type: string; Properties?: any };

const outRoot = mkdtempSync(path.join(os.tmpdir(), 'caseforms-alarms-test-'));
afterAll(() => rmSync(outRoot, { recursive: true, force: true }));

let apps = 0;
/** Bundling is skipped: these assertions are about resources, not code. */
function stackWith(props: Partial<CaseformsStackProps> = {}): CaseformsStack {
  const app = new App({ outdir: path.join(outRoot, String(apps++)), context: { 'aws:cdk:bundling-stacks': [] } });
  return new CaseformsStack(app, 'caseforms-dev', { stage: 'dev', ...props });
}

const resources = (t: Template, type: string): [string, Resource][] => Object.entries(t.findResources(type)) as [string, Resource][];
const asArray = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

// The deploy step is a function of the stack too, alarmed as the others.
const allHandlers = [...new Set(routes.map((route) => route.handler)), ...Object.values(workers), DEPLOY_PACKS_HANDLER];

const devStack = stackWith();
const dev = Template.fromStack(devStack);
const alarmTopics = resources(dev, 'AWS::SNS::Topic').filter(([id]) => id.startsWith('AlarmNotificationsTopic'));
const [topicId, topic] = alarmTopics[0]!;
const topicRef = { Ref: topicId };
/** The topic's ARN as the key policy names it: from its fixed name, not a reference (which would be a cycle). */
const topicArnByName = {
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sns:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':caseforms-dev-alarms']],
};

describe('parseAlarmEmail', () => {
  it('is unset without the context, or with it empty', () => {
    expect(parseAlarmEmail(undefined)).toBeUndefined();
    expect(parseAlarmEmail('')).toBeUndefined();
  });

  it('accepts one email address', () => {
    expect(parseAlarmEmail('oncall@agency.example')).toBe('oncall@agency.example');
    expect(parseAlarmEmail('ops+caseforms@it.county.gov')).toBe('ops+caseforms@it.county.gov');
  });

  it.each([['oncall'], ['oncall@agency'], ['on call@agency.example'], ['oncall@agency.example,boss@agency.example'], ['@agency.example'], ['oncall@.example'], ['Oncall <oncall@agency.example>'], [42], [true]])(
    'rejects %j with a clear error',
    (value) => {
      expect(() => parseAlarmEmail(value)).toThrow(/alarmEmail must be one email address, like oncall@agency\.example/);
    },
  );
});

describe('alarm topic', () => {
  it('is one topic, named after the stack, encrypted with the stack key', () => {
    expect(alarmTopics).toHaveLength(1);
    const [keyId] = dataKey(dev);
    expect(topic.Properties).toMatchObject({ TopicName: 'caseforms-dev-alarms', KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
  });

  it('denies publishing without TLS, and lets CloudWatch publish for alarms of this account and region only', () => {
    const policies = resources(dev, 'AWS::SNS::TopicPolicy').filter(([, p]) => JSON.stringify(p.Properties.Topics) === JSON.stringify([topicRef]));
    expect(policies).toHaveLength(1);
    const statements = policies[0]![1].Properties.PolicyDocument.Statement;
    expect(statements).toContainEqual(expect.objectContaining({
      Effect: 'Deny',
      Principal: '*',
      Action: 'sns:Publish',
      Resource: topicRef,
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    }));
    const allows = statements.filter((s: any) => s.Effect === 'Allow');
    expect(allows).toEqual([expect.objectContaining({
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: 'sns:Publish',
      Resource: topicRef,
      Condition: {
        ArnLike: {
          'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudwatch:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':alarm:*']] },
        },
        StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
      },
    })]);
  });

  it('lets CloudWatch use the key for this topic only: Decrypt and GenerateDataKey*, conditioned on its encryption context', () => {
    const [, key] = dataKey(dev);
    const statements = key.Properties.KeyPolicy.Statement.filter((s: any) => JSON.stringify(s.Principal).includes('cloudwatch.amazonaws.com'));
    expect(statements).toHaveLength(1);
    expect(statements[0].Principal).toEqual({ Service: 'cloudwatch.amazonaws.com' });
    expect(asArray(statements[0].Action).sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey*']);
    expect(statements[0].Condition).toEqual({ StringEquals: { 'kms:EncryptionContext:aws:sns:topicArn': topicArnByName } });
  });

  it('is the AlarmTopicArn output, for other subscribers (PagerDuty, Slack, Chatbot)', () => {
    dev.hasOutput('AlarmTopicArn', { Value: topicRef });
  });

  it('has no subscription without alarmEmail', () => {
    const subscriptions = resources(dev, 'AWS::SNS::Subscription').filter(([, s]) => JSON.stringify(s.Properties.TopicArn) === JSON.stringify(topicRef));
    expect(subscriptions).toEqual([]);
    expect(resources(dev, 'AWS::SNS::Subscription').filter(([, s]) => s.Properties.Protocol === 'email')).toEqual([]);
  });
});

describe('alarm actions', () => {
  const alarms = resourcesWithNested(devStack, 'AWS::CloudWatch::Alarm');

  it('keeps the per-function alarms in a nested stack, out of the 500 resources CloudFormation allows the stack', () => {
    const nested = Template.fromStack(devStack.functionAlarms);
    expect(resources(nested, 'AWS::CloudWatch::Alarm')).toHaveLength(allHandlers.length);
    expect(Object.keys(nested.toJSON().Resources)).toHaveLength(allHandlers.length);
    expect(resources(dev, 'AWS::CloudWatch::Alarm').filter(([, alarm]) => String(alarm.Properties.AlarmDescription).endsWith('or were throttled'))).toEqual([]);
    expect(resources(dev, 'AWS::CloudFormation::Stack')).toHaveLength(1);
  });

  it('covers every alarm the stack has: each function\'s errors and throttles (one alarm), the three dead-letter queues (documents, mail events, scan results), refused forms and the intake rate', () => {
    expect(alarms).toHaveLength(allHandlers.length + 3 + 1 + 1);
  });

  it('alarms on a function\'s errors and throttles together, a minute without invocations counting as none', () => {
    const failures = alarms.filter(([, alarm]) => String(alarm.Properties.AlarmDescription).endsWith('invocations failed with an error or were throttled'));
    expect(failures).toHaveLength(allHandlers.length);
    for (const [id, alarm] of failures) {
      const metrics = alarm.Properties.Metrics as Array<{ Id: string; Expression?: string; MetricStat?: { Metric: { MetricName: string } } }>;
      expect(metrics.find((metric) => metric.Expression)?.Expression, id).toBe('FILL(errors, 0) + FILL(throttles, 0)');
      expect(metrics.filter((metric) => metric.MetricStat).map((metric) => metric.MetricStat!.Metric.MetricName).sort(), id).toEqual(['Errors', 'Throttles']);
      expect(alarm.Properties.Threshold, id).toBe(0);
    }
  });

  it('alarms on any FormRefused count (a form or pack a function refused at its start), silence meaning every form loaded', () => {
    const refused = alarms.filter(([, alarm]) => alarm.Properties.MetricName === 'FormRefused');
    expect(refused).toHaveLength(1);
    expect(refused[0]![1].Properties).toMatchObject({
      Namespace: 'caseforms',
      Dimensions: expect.arrayContaining([{ Name: 'service', Value: 'caseforms' }, { Name: 'outcome', Value: 'refused' }]),
      Statistic: 'Sum',
      Period: 300,
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
    });
    expect(refused[0]![1].Properties.Dimensions).toHaveLength(2);
  });

  it('notifies the topic from every alarm in the template, on ALARM and on OK, and on nothing else', () => {
    for (const [id, alarm] of alarms) {
      expect(alarm.Properties.AlarmActions, id).toEqual([topicRef]);
      expect(alarm.Properties.OKActions, id).toEqual([topicRef]);
      expect(alarm.Properties.ActionsEnabled, id).not.toBe(false);
    }
  });
});

describe('alarmEmail', () => {
  const stack = stackWith({ alarmEmail: 'oncall@agency.example' });
  // An alarm added after the stack is built, as a future change might: the aspect wires it like the others.
  new cloudwatch.Alarm(stack, 'AddedLater', {
    metric: new cloudwatch.Metric({ namespace: 'caseforms', metricName: 'Anything', period: Duration.minutes(1) }),
    threshold: 1,
    evaluationPeriods: 1,
  });
  const template = Template.fromStack(stack);
  const [laterTopicId] = resources(template, 'AWS::SNS::Topic').find(([id]) => id.startsWith('AlarmNotificationsTopic'))!;

  it('subscribes the address to the alarm topic by email', () => {
    const emails = resources(template, 'AWS::SNS::Subscription').filter(([, s]) => s.Properties.Protocol === 'email');
    expect(emails).toHaveLength(1);
    expect(emails[0]![1].Properties).toEqual(expect.objectContaining({ Endpoint: 'oncall@agency.example', TopicArn: { Ref: laterTopicId } }));
  });

  it('still wires every alarm, including one added after the stack was constructed', () => {
    const alarms = resourcesWithNested(stack, 'AWS::CloudWatch::Alarm');
    // The one added later besides the stack's own.
    expect(alarms).toHaveLength(allHandlers.length + 3 + 1 + 1 + 1);
    for (const [id, alarm] of alarms) {
      expect(alarm.Properties.AlarmActions, id).toEqual([{ Ref: laterTopicId }]);
      expect(alarm.Properties.OKActions, id).toEqual([{ Ref: laterTopicId }]);
    }
  });

  it('fails synth with a clear error when it is not an email address', () => {
    expect(() => stackWith({ alarmEmail: 'oncall at agency' })).toThrow(/alarmEmail must be one email address/);
  });
});
