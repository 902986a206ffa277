import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { configVariables } from '../../functions/contracts/config.ts';
import { routes, workers } from '../../functions/contracts/routes.ts';
import type { Stage } from '../../infra/stage.ts';
import { dataKey, resources, stackSynthesizer, stageProps, type Resource } from '../support/cdk-template.ts';

const synthesize = stackSynthesizer('review-schedules');
const synth = (stage: Stage) => synthesize(stage, stageProps(stage));

let dev: Template;
let prod: Template;
beforeAll(() => {
  dev = synth('dev');
  prod = synth('prod');
}, 600_000);

const only = (template: Template, type: string): [string, Resource] => {
  const found = resources(template, type);
  expect(found, type).toHaveLength(1);
  return found[0]!;
};
const asArray = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
const getAtt = (id: string, attribute: string) => ({ 'Fn::GetAtt': [id, attribute] });

function lambdaFor(template: Template, handler: string): [string, Resource] {
  const found = Object.entries(template.findResources('AWS::Lambda::Function', { Properties: { Description: `caseforms ${handler}` } })) as [string, Resource][];
  expect(found, handler).toHaveLength(1);
  return found[0]!;
}

function statementsFor(template: Template, handler: string): any[] {
  const roleId = lambdaFor(template, handler)[1].Properties.Role['Fn::GetAtt'][0];
  return resources(template, 'AWS::IAM::Policy')
    .filter(([, policy]) => policy.Properties.Roles.some((role: any) => role.Ref === roleId))
    .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement);
}

const schedulerRole = (template: Template): [string, Resource] => {
  const found = resources(template, 'AWS::IAM::Role').filter(([, role]) =>
    role.Properties.AssumeRolePolicyDocument.Statement.some((s: any) => s.Principal?.Service === 'scheduler.amazonaws.com'));
  expect(found).toHaveLength(1);
  return found[0]!;
};

const queueIds = (template: Template) => {
  const [queueId, queue] = resources(template, 'AWS::SQS::Queue').find(([id, q]) => id.startsWith('DocumentQueue') && q.Properties.RedrivePolicy)!;
  return { queueId, deadLetterId: queue.Properties.RedrivePolicy.deadLetterTargetArn['Fn::GetAtt'][0] as string };
};

describe('the review schedule group', () => {
  it('is one group, kept in prod (deleting it deletes every schedule) and removed with a dev stack', () => {
    expect(only(prod, 'AWS::Scheduler::ScheduleGroup')[1].DeletionPolicy).toBe('Retain');
    expect(only(dev, 'AWS::Scheduler::ScheduleGroup')[1].DeletionPolicy).toBe('Delete');
  });

  it('holds no schedules at deploy time: the worker makes them per case', () => {
    expect(resources(dev, 'AWS::Scheduler::Schedule')).toEqual([]);
  });
});

describe('the role EventBridge Scheduler assumes', () => {
  it('trusts Scheduler only, acting for this account and this group', () => {
    const [groupId] = only(dev, 'AWS::Scheduler::ScheduleGroup');
    const [, role] = schedulerRole(dev);
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([{
      Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'scheduler.amazonaws.com' },
      Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' }, 'aws:SourceArn': getAtt(groupId, 'Arn') } },
    }]);
    expect(role.Properties.Policies).toBeUndefined();
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  });

  it('may send to the document queue and its dead-letter queue, with the stack key, and nothing else', () => {
    const [roleId] = schedulerRole(dev);
    const { queueId, deadLetterId } = queueIds(dev);
    const [keyId] = dataKey(dev);
    const policies = resources(dev, 'AWS::IAM::ManagedPolicy').filter(([, p]) => asArray<any>(p.Properties.Roles).some((r) => r.Ref === roleId));
    expect(policies).toHaveLength(1);
    expect(policies[0]![1].Properties.PolicyDocument.Statement).toEqual([
      { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: [getAtt(queueId, 'Arn'), getAtt(deadLetterId, 'Arn')] },
      { Effect: 'Allow', Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: getAtt(keyId, 'Arn') },
    ]);
    // No inline policy either: the managed policy above is all it has.
    expect(resources(dev, 'AWS::IAM::Policy').filter(([, p]) => p.Properties.Roles.some((r: any) => r.Ref === roleId))).toEqual([]);
  });
});

describe('the document worker', () => {
  it('manages the schedules of the group only, and passes the role to Scheduler only', () => {
    const [groupId, group] = only(dev, 'AWS::Scheduler::ScheduleGroup');
    const [roleId] = schedulerRole(dev);
    const statements = statementsFor(dev, workers.documentWorker);
    const scheduling = statements.filter((s) => asArray<string>(s.Action).some((a) => a.startsWith('scheduler:')));
    expect(scheduling).toEqual([{
      Effect: 'Allow',
      Action: ['scheduler:CreateSchedule', 'scheduler:UpdateSchedule', 'scheduler:DeleteSchedule', 'scheduler:GetSchedule'],
      Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':scheduler:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:schedule/${group.Properties.Name}/*`]] },
    }]);
    expect(group.Properties.Name).toMatch(/^[0-9A-Za-z_.-]{1,64}$/);
    expect(groupId).toMatch(/^ReviewSchedules/);
    const passing = statements.filter((s) => asArray<string>(s.Action).includes('iam:PassRole'));
    expect(passing).toEqual([{
      Effect: 'Allow', Action: 'iam:PassRole', Resource: getAtt(roleId, 'Arn'),
      Condition: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
    }]);
  });

  it('is told the group, the role and the two queues\' ARNs', () => {
    const [, group] = only(dev, 'AWS::Scheduler::ScheduleGroup');
    const [roleId] = schedulerRole(dev);
    const { queueId, deadLetterId } = queueIds(dev);
    const env = lambdaFor(dev, workers.documentWorker)[1].Properties.Environment.Variables;
    expect(env[configVariables.reviewScheduleGroup]).toBe(group.Properties.Name);
    expect(env[configVariables.reviewSchedulerRoleArn]).toEqual(getAtt(roleId, 'Arn'));
    expect(env[configVariables.documentQueueArn]).toEqual(getAtt(queueId, 'Arn'));
    expect(env[configVariables.deadLetterQueueArn]).toEqual(getAtt(deadLetterId, 'Arn'));
  });

  it('is the only function that may schedule or pass a role', () => {
    const others = [...new Set(routes.map((route) => route.handler)), ...Object.values(workers)].filter((handler) => handler !== workers.documentWorker);
    for (const handler of others) {
      const actions = statementsFor(dev, handler).flatMap((s) => asArray<string>(s.Action));
      expect(actions.filter((a) => a.startsWith('scheduler:') || a === 'iam:PassRole'), handler).toEqual([]);
    }
  });
});
