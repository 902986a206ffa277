import { App, Stack, Token } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { describe, expect, it } from 'vitest';
import { configurationSetNameFor, MailEvents } from '../../infra/delivery.ts';
import { grantDocumentWorker } from '../../infra/permissions.ts';

// The repo's catalog has one agency (the stack test covers it); these check the construct with several, including
// one whose id is too long for a `<stack>-<agency>` name.
const longId = `a${'-long-agency-id'.repeat(4)}`.slice(0, 60);
const agencyIds = ['north-county', 'demo', longId];

function mailStack() {
  const stack = new Stack(new App(), 'caseforms-test');
  const mail = new MailEvents(stack, 'MailEvents', { key: new kms.Key(stack, 'Key'), agencyIds });
  const worker = new lambda.Function(stack, 'Worker', {
    runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = () => {}'),
  });
  grantDocumentWorker(worker, {
    table: new dynamodb.Table(stack, 'Table', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } }),
    bucket: new s3.Bucket(stack, 'Bucket'),
    queue: new sqs.Queue(stack, 'Queue'),
    deadLetterQueue: new sqs.Queue(stack, 'DeadLetter'),
    uploads: new s3.Bucket(stack, 'Uploads'),
  }, { configurationSetArns: mail.configurationSetArns });
  return { stack, mail, template: Template.fromStack(stack) };
}

const { stack, mail, template } = mailStack();
const resolve = (value: unknown) => stack.resolve(value);
const entries = (type: string) => Object.entries(template.findResources(type)) as Array<[string, { Properties: any }]>;

/** Agency id → the logical id of its configuration set. */
const setIds = new Map([...mail.configurationSets].map(([agencyId, set]) => [agencyId, resolve(set.configurationSetName).Ref as string]));

describe('configurationSetNameFor', () => {
  it('names a set <stack>-<agency> when that is a valid SES name (letters, digits, - and _, at most 64)', () => {
    expect(configurationSetNameFor('caseforms-prod', 'demo')).toBe('caseforms-prod-demo');
    const fits = 'a'.repeat(64 - 'caseforms-prod-'.length);
    expect(configurationSetNameFor('caseforms-prod', fits)).toHaveLength(64);
  });

  it('leaves the name to CloudFormation when it would be too long, or the stack name is not known at synth', () => {
    expect(configurationSetNameFor('caseforms-prod', `${'a'.repeat(64 - 'caseforms-prod-'.length)}b`)).toBeUndefined();
    expect(configurationSetNameFor('caseforms-prod', longId)).toBeUndefined();
    expect(configurationSetNameFor(Token.asString({ Ref: 'AWS::StackName' }), 'demo')).toBeUndefined();
  });
});

describe('MailEvents with several agencies', () => {
  it('creates one configuration set per agency, named after the stack where the name fits', () => {
    expect(entries('AWS::SES::ConfigurationSet')).toHaveLength(agencyIds.length);
    expect([...mail.configurationSets.keys()]).toEqual([...agencyIds].sort());
    const byId = new Map(entries('AWS::SES::ConfigurationSet'));
    expect(byId.get(setIds.get('demo')!)!.Properties.Name).toBe('caseforms-test-demo');
    expect(byId.get(setIds.get('north-county')!)!.Properties.Name).toBe('caseforms-test-north-county');
    expect(byId.get(setIds.get(longId)!)!.Properties?.Name).toBeUndefined();
  });

  it('gives each set one event destination: delivery, bounce, complaint and reject to the one topic', () => {
    const [topicId] = entries('AWS::SNS::Topic')[0]!;
    const destinations = entries('AWS::SES::ConfigurationSetEventDestination');
    expect(destinations).toHaveLength(agencyIds.length);
    for (const [agencyId, setId] of setIds) {
      const forSet = destinations.filter(([, d]) => d.Properties.ConfigurationSetName?.Ref === setId);
      expect(forSet, agencyId).toHaveLength(1);
      const { EventDestination } = forSet[0]![1].Properties;
      expect([...EventDestination.MatchingEventTypes].sort(), agencyId).toEqual(['bounce', 'complaint', 'delivery', 'reject']);
      expect(EventDestination.SnsDestination, agencyId).toEqual({ TopicARN: { Ref: topicId } });
    }
  });

  it('maps every agency to its own set name for the worker', () => {
    expect(resolve(mail.configurationSetNames)).toEqual(Object.fromEntries([...setIds].map(([agencyId, setId]) => [agencyId, { Ref: setId }])));
    expect(new Set(setIds.values()).size).toBe(agencyIds.length);
  });

  it('lets the worker send with each agency\'s set by ARN, and with no other configuration set', () => {
    const statements = entries('AWS::IAM::Policy').flatMap(([, p]) => p.Properties.PolicyDocument.Statement);
    const ses = statements.filter((s: any) => [s.Action].flat().some((a: string) => a.startsWith('ses:')));
    expect(ses).toHaveLength(1);
    const setArns = [ses[0].Resource].flat().filter((r: unknown) => JSON.stringify(r).includes(':configuration-set/'));
    expect(setArns).toHaveLength(agencyIds.length);
    for (const [agencyId, setId] of setIds) {
      expect(setArns, agencyId).toContainEqual({
        'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ses:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':configuration-set/', { Ref: setId }]],
      });
    }
    for (const arn of setArns) expect(JSON.stringify(arn)).not.toContain('*');
  });
});
