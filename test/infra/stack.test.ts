import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableDesign } from '../../functions/contracts/table-design.ts';
import { JOB_MAX_ATTEMPTS, QUEUE_MAX_RECEIVE_COUNT } from '../../functions/domain/cases/document-job.ts';
import { configVariables } from '../../functions/contracts/config.ts';
import { loadCatalog } from '../../functions/domain/forms/catalog.ts';
import { routes, workers } from '../../functions/contracts/routes.ts';
import { CaseformsStack, uploadsBucketUsers } from '../../infra/caseforms-stack.ts';
import { DEPLOY_PACKS_HANDLER } from '../../infra/pack-deploy.ts';
import { repoRoot } from '../../infra/paths.ts';
import {
  auditKeyPattern, casePartitionPattern, documentPattern, linkCodeKeyPattern, linkKeyPattern, packKeyPattern, packObjectPattern, rawSubmissionPattern, routeGrants,
  sessionKeyPattern, suppressionKeyPattern,
} from '../../infra/permissions.ts';
import { DEV_AUDIENCE, DEV_ISSUER } from '../../local/dev-issuer.ts';
import { DocumentQueue } from '../../infra/queues.ts';
import { parseStage, type Stage } from '../../infra/stage.ts';
import { dataKey, only, publicApi, resources, staffApi, stageProps, type Resource } from '../support/cdk-template.ts';


interface Synthesized {
  readonly template: Template;
  readonly assemblyDir: string;
}

// The worker's bundle carries Chromium (~125 MB): keep assemblies where afterAll can remove them.
const outRoot = mkdtempSync(path.join(os.tmpdir(), 'caseforms-infra-test-'));

/** Bundling runs esbuild (and npm ci for the worker) per function, so each stage is synthesized once per file. */
function synth(stage: Stage, bundle: boolean): Synthesized {
  // An empty bundling-stacks list skips bundling: the prod assertions are about resources, not code.
  const app = new App({
    outdir: path.join(outRoot, stage),
    context: bundle ? {} : { 'aws:cdk:bundling-stacks': [] },
  });
  const stack = new CaseformsStack(app, `caseforms-${stage}`, stageProps(stage));
  const template = Template.fromStack(stack);
  return { template, assemblyDir: app.synth().directory };
}

let dev: Synthesized;
let prod: Synthesized;

beforeAll(() => {
  dev = synth('dev', true);
  prod = synth('prod', false);
}, 600_000);

afterAll(() => rmSync(outRoot, { recursive: true, force: true }));


// The deploy step (infra/pack-deploy.ts) is a caseforms function too, built and bundled as the others.
const allHandlers = [...new Set(routes.map((route) => route.handler)), ...Object.values(workers), DEPLOY_PACKS_HANDLER];

/** Settings only the document worker gets: it alone sends mail (see caseforms-stack.ts). */
/** Variables only some functions get, and which: the worker mails links and uses the sets; intake-post and intake-check check Origin. */
const variablesOnlyFor: Readonly<Record<string, readonly string[]>> = {
  [configVariables.publicBaseUrl]: [workers.documentWorker, 'intake-post', 'intake-check'],
  // The worker mails documents; link-code-send mails a secure link's one-time code.
  [configVariables.sesConfigurationSets]: [workers.documentWorker, 'link-code-send'],
  // Review reminders: only the worker schedules them (test/infra/review-schedules.test.ts).
  [configVariables.reviewScheduleGroup]: [workers.documentWorker],
  [configVariables.reviewSchedulerRoleArn]: [workers.documentWorker],
  [configVariables.documentQueueArn]: [workers.documentWorker],
  [configVariables.deadLetterQueueArn]: [workers.documentWorker],
  // Follow-up reminders link to case pages: only the worker mails them.
  [configVariables.staffPagesUrl]: [workers.documentWorker],
  // Clients' files: the functions that take, link, release, serve or sweep them (test/infra/uploads.test.ts).
  [configVariables.uploadsBucketName]: uploadsBucketUsers,
  // Local only: in AWS, browsers POST to S3 itself, which enforces the policy.
  [configVariables.uploadPostEndpoint]: [],
  // The seal key: only the worker seals signed documents (docs/deploy.md, Signatures).
  [configVariables.signingKeyId]: [workers.documentWorker],
};

/** Functions are found by the description the factory gives them, not by generated logical IDs. */
function lambdaFor(template: Template, handler: string): [string, Resource] {
  const found = Object.entries(
    template.findResources('AWS::Lambda::Function', { Properties: { Description: `caseforms ${handler}` } }),
  ) as [string, Resource][];
  expect(found, handler).toHaveLength(1);
  return found[0]!;
}

const asArray = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** Inline statements from every IAM resource type that can carry them. */
function allStatements(template: Template): any[] {
  const fromPolicies = resources(template, 'AWS::IAM::Policy').flatMap(([, r]) => r.Properties.PolicyDocument.Statement);
  const fromManaged = resources(template, 'AWS::IAM::ManagedPolicy').flatMap(([, r]) => r.Properties.PolicyDocument.Statement);
  const fromRoles = resources(template, 'AWS::IAM::Role').flatMap(([, r]) =>
    asArray<any>(r.Properties.Policies).flatMap((p) => p.PolicyDocument.Statement),
  );
  return [...fromPolicies, ...fromManaged, ...fromRoles];
}

/**
 * The pack access every function serving forms shares (reading the live packs, the Deny of pack writes), checked in
 * test/infra/pack-permissions.test.ts; left out here, where each function's own grants are.
 */
const packShared = (statement: any): boolean =>
  statement.Effect === 'Deny' || [packKeyPattern, packObjectPattern].some((pattern) => JSON.stringify(statement).includes(pattern));

function statementsForFunction(template: Template, handler: string): any[] {
  const [, fn] = lambdaFor(template, handler);
  const roleId = fn.Properties.Role['Fn::GetAtt'][0];
  return resources(template, 'AWS::IAM::Policy')
    .filter(([, p]) => p.Properties.Roles.some((role: any) => role.Ref === roleId))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement)
    .filter((statement: any) => !packShared(statement));
}

const actionsOf = (statements: any[]): string[] => statements.flatMap((s) => asArray<string>(s.Action));

const keyArn = (template: Template) => ({ 'Fn::GetAtt': [dataKey(template)[0], 'Arn'] });
const tableArn = (template: Template) => ({ 'Fn::GetAtt': [only(template, 'AWS::DynamoDB::Table')[0], 'Arn'] });
/** The document bucket; the stack's other bucket receives its server access logs. */
const documentBucketId = (template: Template): string => {
  const found = resources(template, 'AWS::S3::Bucket').filter(([id]) => id.startsWith('DataDocuments'));
  expect(found).toHaveLength(1);
  return found[0]![0];
};
const bucketArnFor = (template: Template, pattern: string) => ({
  'Fn::Join': ['', [{ 'Fn::GetAtt': [documentBucketId(template), 'Arn'] }, `/${pattern}`]],
});
/** Every agency in the repo's form catalog: each has its own SES configuration set. */
const catalogAgencyIds = (): string[] =>
  loadCatalog(path.join(repoRoot, 'form-schemas')).agencies().map((pack) => pack.agency.id).sort();

/** Agency id → logical id of its configuration set, found by the name the stack gives it (`<stack>-<agency>`). */
function configurationSetIds(template: Template, stackName = 'caseforms-dev'): Map<string, string> {
  const sets = resources(template, 'AWS::SES::ConfigurationSet');
  expect(sets).toHaveLength(catalogAgencyIds().length);
  return new Map(catalogAgencyIds().map((agencyId) => {
    const found = sets.filter(([, set]) => set.Properties?.Name === `${stackName}-${agencyId}`);
    expect(found, agencyId).toHaveLength(1);
    return [agencyId, found[0]![0]];
  }));
}

/** A JSON environment value built with Fn::Join, parsed, with each `{ Ref: id }` in it read as `Ref:id`. */
function parseJoinedJson(value: unknown): Record<string, string> {
  if (typeof value === 'string') return JSON.parse(value);
  const [separator, parts] = (value as { 'Fn::Join': [string, unknown[]] })['Fn::Join'];
  const text = parts.map((part) => (typeof part === 'string' ? part : `Ref:${(part as { Ref: string }).Ref}`)).join(separator);
  return JSON.parse(text);
}

const configurationSetArn = (setId: string) => ({
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ses:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':configuration-set/', { Ref: setId }]],
});
/** The mail-events topic; the stack's other topic is for alarm notifications (test/infra/alarms.test.ts). */
const topicId = (template: Template): string => {
  const found = resources(template, 'AWS::SNS::Topic').filter(([id]) => id.startsWith('MailEventsTopic'));
  expect(found).toHaveLength(1);
  return found[0]![0];
};
/** The one resource of a type for which `refersToTopic` gives a Ref to the mail-events topic. */
const onlyForMailTopic = (template: Template, type: string, refersToTopic: (resource: Resource) => unknown): [string, Resource] => {
  const ref = JSON.stringify({ Ref: topicId(template) });
  const found = resources(template, type).filter(([, r]) => JSON.stringify(refersToTopic(r)) === ref);
  expect(found, type).toHaveLength(1);
  return found[0]!;
};

/** The queue the ses-events function's failed invocations go to, read from its on-failure destination. */
function mailDeadLetterId(template: Template): string {
  const [fnId] = lambdaFor(template, workers.sesEvents);
  const configs = resources(template, 'AWS::Lambda::EventInvokeConfig').filter(([, c]) => c.Properties.FunctionName.Ref === fnId);
  expect(configs).toHaveLength(1);
  return configs[0]![1].Properties.DestinationConfig.OnFailure.Destination['Fn::GetAtt'][0];
}

describe('stage', () => {
  it('defaults to dev and rejects unknown stages', () => {
    expect(parseStage(undefined)).toBe('dev');
    expect(parseStage('prod')).toBe('prod');
    expect(() => parseStage('production')).toThrow(/Unknown stage/);
  });
});

describe('resource budget', () => {
  // CloudFormation refuses a stack of more than 500 resources; 30 are kept free so the next feature is not the one
  // that has to restructure the stack. Dev holds 454 and prod 451: the per-function alarms are in a nested stack
  // (infra/alarms.ts), and each function has one integration and one invoke permission per API, not one per route
  // (infra/api.ts). A new function with one route costs about seven (function, role, policy, log group,
  // integration, permission, route), a new route to an existing function one.
  it.each(['dev', 'prod'] as const)('keeps the %s stack at 470 resources or fewer', (stage) => {
    const { template } = stage === 'dev' ? dev : prod;
    expect(Object.keys(template.toJSON().Resources).length).toBeLessThanOrEqual(470);
  });
});

describe('encryption key', () => {
  it('is customer managed with rotation on', () => {
    dev.template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  it('lets CloudWatch Logs use it only for log groups in this account', () => {
    const [, key] = dataKey(dev.template);
    const logs = key.Properties.KeyPolicy.Statement.find((s: any) =>
      JSON.stringify(s.Principal?.Service ?? '').includes('logs.'),
    );
    expect(logs).toBeDefined();
    expect(logs.Condition.ArnLike).toHaveProperty(['kms:EncryptionContext:aws:logs:arn']);
  });
});

describe('table', () => {
  it('uses on-demand billing, PITR, the CMK and the TTL attribute', () => {
    dev.template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: keyArn(dev.template) },
      TimeToLiveSpecification: { AttributeName: tableDesign.ttlAttribute, Enabled: true },
    });
  });

  it('has the keys from tableDesign', () => {
    const [, table] = only(dev.template, 'AWS::DynamoDB::Table');
    expect(table.Properties.KeySchema).toEqual([
      { AttributeName: tableDesign.partitionKey, KeyType: 'HASH' },
      { AttributeName: tableDesign.sortKey, KeyType: 'RANGE' },
    ]);
  });

  // Read from tableDesign.indexes itself, not from the list the stack loops over, so a dropped index shows.
  const designedIndexes = Object.values(tableDesign.indexes);

  it('has exactly the global secondary indexes of tableDesign.indexes', () => {
    const [, table] = only(dev.template, 'AWS::DynamoDB::Table');
    const names = (table.Properties.GlobalSecondaryIndexes ?? []).map((index: any) => index.IndexName);
    expect([...names].sort()).toEqual(designedIndexes.map((index) => index.name).sort());
  });

  it.each(designedIndexes.map((index) => [index.name, index] as const))('index %s has its string keys and projects all attributes', (name, index) => {
    const [, table] = only(dev.template, 'AWS::DynamoDB::Table');
    const found = (table.Properties.GlobalSecondaryIndexes ?? []).find((candidate: any) => candidate.IndexName === name);
    expect(found, name).toBeDefined();
    expect(found.KeySchema).toEqual([
      { AttributeName: index.partitionKey, KeyType: 'HASH' },
      { AttributeName: index.sortKey, KeyType: 'RANGE' },
    ]);
    expect(found.Projection).toEqual({ ProjectionType: 'ALL' });
    for (const attribute of [index.partitionKey, index.sortKey]) {
      expect(table.Properties.AttributeDefinitions).toContainEqual({ AttributeName: attribute, AttributeType: 'S' });
    }
  });
});

describe('document bucket', () => {
  it('blocks all public access', () => {
    dev.template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
  });

  it('is SSE-KMS with the CMK and a bucket key, versioned, and expires old versions', () => {
    dev.template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          {
            BucketKeyEnabled: true,
            ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyArn(dev.template) },
          },
        ],
      },
      VersioningConfiguration: { Status: 'Enabled' },
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({ Status: 'Enabled', NoncurrentVersionExpiration: { NoncurrentDays: 90 } }),
        ]),
      },
    });
  });

  it.each([
    ['dev', () => dev],
    ['prod', () => prod],
  ] as const)('%s: the documents bucket has Object Lock with no default retention, only the worker may lock a version, and nothing may bypass a lock', (_, get) => {
    const { template } = get();
    const buckets = resources(template, 'AWS::S3::Bucket');
    const [, documents] = buckets.find(([id]) => id === documentBucketId(template))!;
    expect(documents.Properties.ObjectLockEnabled).toBe(true);
    // No default rule: only what the seal job locks by name is locked (raw submissions and drafts stay deletable).
    expect(documents.Properties.ObjectLockConfiguration).toBeUndefined();
    expect(buckets.filter(([, bucket]) => bucket.Properties?.ObjectLockEnabled).map(([id]) => id)).toEqual([documentBucketId(template)]);

    const retention = (statements: any[]) => statements.filter((s) => s.Effect === 'Allow' && actionsOf([s]).includes('s3:PutObjectRetention'));
    const onDocuments = retention(statementsForFunction(template, workers.documentWorker))
      .flatMap((s) => asArray(s.Resource)).map((r) => JSON.stringify(r));
    expect(onDocuments).toContain(JSON.stringify(bucketArnFor(template, '*')));
    // Governance mode holds because no role of the stack can bypass it, nor shorten a retention.
    const actions = actionsOf(allStatements(template));
    expect(actions.filter((a) => /^s3:(BypassGovernanceRetention|\*|Bypass\*)$/.test(a))).toEqual([]);
  });

  it('writes server access logs to a private, TLS-only log bucket', () => {
    const [, documents] = resources(dev.template, 'AWS::S3::Bucket').find(([id]) => id === documentBucketId(dev.template))!;
    const logBucketId = documents.Properties.LoggingConfiguration.DestinationBucketName.Ref;
    expect(logBucketId).not.toBe(documentBucketId(dev.template));
    const [, logBucket] = resources(dev.template, 'AWS::S3::Bucket').find(([id]) => id === logBucketId)!;
    expect(logBucket.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true,
    });
    dev.template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: logBucketId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({ Effect: 'Allow', Principal: { Service: 'logging.s3.amazonaws.com' } }),
        ]),
      },
    });
  });

  it('denies requests without TLS', () => {
    dev.template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });
});

describe('document queue', () => {
  // The mail events' dead-letter queue is another queue in the stack: these are the document queue's two.
  const queues = () => resources(dev.template, 'AWS::SQS::Queue').filter(([id]) => id.startsWith('DocumentQueue'));
  const deadLetterQueue = () => {
    const found = queues().filter(([, q]) => !q.Properties.RedrivePolicy);
    expect(found).toHaveLength(1);
    return found[0]!;
  };
  const mainQueue = () => {
    const found = queues().filter(([, q]) => q.Properties.RedrivePolicy);
    expect(found).toHaveLength(1);
    return found[0]!;
  };

  it('redrives to the dead-letter queue only after more receives than the worker itself attempts a job', () => {
    const [dlqId] = deadLetterQueue();
    expect(mainQueue()[1].Properties.RedrivePolicy).toEqual({
      deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] },
      maxReceiveCount: QUEUE_MAX_RECEIVE_COUNT,
    });
    expect(DocumentQueue.maxReceiveCount).toBe(QUEUE_MAX_RECEIVE_COUNT);
    // Otherwise the queue would redrive a job, without its reason, before the worker could dead-letter it.
    expect(QUEUE_MAX_RECEIVE_COUNT).toBeGreaterThan(JOB_MAX_ATTEMPTS);
  });

  it('encrypts every queue in the stack with the CMK and denies requests without TLS', () => {
    expect(queues()).toHaveLength(2);
    // The document queue and its dead-letter queue, the mail events' and the malware scan results' dead-letter queues.
    const all = resources(dev.template, 'AWS::SQS::Queue');
    expect(all).toHaveLength(4);
    for (const [id, queue] of all) {
      expect(queue.Properties.KmsMasterKeyId).toEqual(keyArn(dev.template));
      dev.template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: id }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    }
  });

  it('keeps messages invisible for at least six worker timeouts', () => {
    const [, worker] = lambdaFor(dev.template, workers.documentWorker);
    expect(mainQueue()[1].Properties.VisibilityTimeout).toBeGreaterThanOrEqual(6 * worker.Properties.Timeout);
  });

  it('alarms as soon as the dead-letter queue holds a message', () => {
    const [dlqId] = deadLetterQueue();
    dev.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlqId, 'QueueName'] } }],
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
    });
  });
});

describe('mail events', () => {
  it.each([['dev'], ['prod']] as const)('gives every catalog agency its own configuration set, named <stack>-<agency>, in %s', (stage) => {
    const { template } = stage === 'dev' ? dev : prod;
    const ids = configurationSetIds(template, `caseforms-${stage}`);
    expect([...ids.keys()]).toEqual(catalogAgencyIds());
    expect(new Set(ids.values()).size).toBe(ids.size);
  });

  it('reports deliveries, bounces, complaints and rejections from each agency\'s configuration set to the one topic', () => {
    const destinations = resources(dev.template, 'AWS::SES::ConfigurationSetEventDestination');
    const ids = configurationSetIds(dev.template);
    expect(destinations).toHaveLength(ids.size);
    for (const [agencyId, setId] of ids) {
      const forSet = destinations.filter(([, d]) => JSON.stringify(d.Properties.ConfigurationSetName) === JSON.stringify({ Ref: setId }));
      expect(forSet, agencyId).toHaveLength(1);
      const { EventDestination } = forSet[0]![1].Properties;
      expect(EventDestination.Enabled, agencyId).toBe(true);
      expect([...EventDestination.MatchingEventTypes].sort(), agencyId).toEqual(['bounce', 'complaint', 'delivery', 'reject']);
      expect(EventDestination.SnsDestination, agencyId).toEqual({ TopicARN: { Ref: topicId(dev.template) } });
    }
  });

  it('encrypts the topic with the CMK and lets only SES, for the stack\'s configuration sets, publish to it', () => {
    const [, topic] = resources(dev.template, 'AWS::SNS::Topic').find(([id]) => id === topicId(dev.template))!;
    expect(topic.Properties.KmsMasterKeyId).toEqual(keyArn(dev.template));
    const [, policy] = onlyForMailTopic(dev.template, 'AWS::SNS::TopicPolicy', (r) => r.Properties.Topics[0]);
    expect(policy.Properties.Topics).toEqual([{ Ref: topicId(dev.template) }]);
    const allows = policy.Properties.PolicyDocument.Statement.filter((s: any) => s.Effect === 'Allow');
    const ids = configurationSetIds(dev.template);
    // One statement per configuration set, each conditioned on this account and that set.
    expect(allows).toHaveLength(ids.size);
    for (const allow of allows) {
      expect(allow.Principal).toEqual({ Service: 'ses.amazonaws.com' });
      expect(allow.Action).toBe('sns:Publish');
      expect(allow.Condition.StringEquals['AWS:SourceAccount']).toEqual({ Ref: 'AWS::AccountId' });
    }
    const sourceArns = allows.map((allow: any) => allow.Condition.StringEquals['AWS:SourceArn']);
    expect(sourceArns).toEqual(expect.arrayContaining([...ids.values()].map(configurationSetArn)));
  });

  it('lets SES encrypt for SNS topics, and SNS for SQS queues, with the key, and for nothing else', () => {
    const [, key] = dataKey(dev.template);
    const forService = (service: string) => key.Properties.KeyPolicy.Statement.filter((s: any) => s.Principal?.Service === service);
    for (const [service, context] of [['ses.amazonaws.com', 'aws:sns:topicArn'], ['sns.amazonaws.com', 'aws:sqs:arn']] as const) {
      const statements = forService(service);
      expect(statements, service).toHaveLength(1);
      expect(asArray(statements[0].Action).sort(), service).toEqual(['kms:Decrypt', 'kms:GenerateDataKey*']);
      expect(Object.keys(statements[0].Condition.ArnLike), service).toEqual([`kms:EncryptionContext:${context}`]);
    }
  });

  it('subscribes the ses-events function to the topic, with a dead-letter queue for events SNS cannot deliver', () => {
    const [fnId] = lambdaFor(dev.template, workers.sesEvents);
    const [, subscription] = onlyForMailTopic(dev.template, 'AWS::SNS::Subscription', (r) => r.Properties.TopicArn);
    expect(subscription.Properties).toEqual(expect.objectContaining({
      Protocol: 'lambda',
      TopicArn: { Ref: topicId(dev.template) },
      Endpoint: { 'Fn::GetAtt': [fnId, 'Arn'] },
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [mailDeadLetterId(dev.template), 'Arn'] } },
    }));
    dev.template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': [fnId, 'Arn'] },
      Principal: 'sns.amazonaws.com',
      SourceArn: { Ref: topicId(dev.template) },
    });
  });

  it('sends events the function failed on after its retries to an encrypted dead-letter queue that alarms', () => {
    const [fnId] = lambdaFor(dev.template, workers.sesEvents);
    dev.template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: fnId },
      MaximumRetryAttempts: 2,
    });
    const dlqId = mailDeadLetterId(dev.template);
    const [, queue] = resources(dev.template, 'AWS::SQS::Queue').find(([id]) => id === dlqId)!;
    expect(queue.Properties.KmsMasterKeyId).toEqual(keyArn(dev.template));
    expect(queue.Properties.MessageRetentionPeriod).toBe(14 * 24 * 60 * 60);
    expect(queue.Properties.RedrivePolicy).toBeUndefined();
    dev.template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: dlqId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Allow', Action: 'sqs:SendMessage', Principal: { Service: 'sns.amazonaws.com' }, Condition: { ArnEquals: { 'aws:SourceArn': { Ref: topicId(dev.template) } } } }),
        ]),
      },
    });
    dev.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlqId, 'QueueName'] } }],
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
    });
  });

  it('gives the document worker the public CloudFront URL for secure links and every agency\'s configuration set, and no other function either', () => {
    const [, worker] = lambdaFor(dev.template, workers.documentWorker);
    const env = worker.Properties.Environment.Variables;
    const [distributionId] = only(dev.template, 'AWS::CloudFront::Distribution');
    expect(env[configVariables.publicBaseUrl]).toEqual({ 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }]] });
    expect(JSON.stringify(env[configVariables.publicBaseUrl])).not.toContain('execute-api');
    // Agency id → its own set, for every agency in the catalog and nothing else.
    const sets = parseJoinedJson(env[configVariables.sesConfigurationSets]);
    expect(sets).toEqual(Object.fromEntries([...configurationSetIds(dev.template)].map(([agencyId, setId]) => [agencyId, `Ref:${setId}`])));
    // The URL the stack outputs is the one the links point to; the sets it outputs are the ones the worker uses.
    const outputs = dev.template.toJSON().Outputs;
    expect(env[configVariables.publicBaseUrl]).toEqual(outputs.PublicUrl.Value);
    expect(env[configVariables.sesConfigurationSets]).toEqual(outputs.SesConfigurationSets.Value);
  });
});

describe('HTTP API', () => {
  it.each(routes.map((route) => [`${route.method} ${route.path}`, route.handler] as const))(
    'routes %s to the %s function',
    (routeKey, handler) => {
      const found = resources(dev.template, 'AWS::ApiGatewayV2::Route').filter(
        ([, r]) => r.Properties.RouteKey === routeKey,
      );
      expect(found).toHaveLength(1);
      const integrationId = found[0]![1].Properties.Target['Fn::Join'][1][1].Ref;
      const [fnId] = lambdaFor(dev.template, handler);
      const [, integration] = resources(dev.template, 'AWS::ApiGatewayV2::Integration').find(([id]) => id === integrationId)!;
      expect(integration.Properties.IntegrationUri).toEqual({ 'Fn::GetAtt': [fnId, 'Arn'] });
    },
  );

  it('has one integration per function and API, shared by its routes', () => {
    const integrations = resources(dev.template, 'AWS::ApiGatewayV2::Integration');
    const perApi = (access: (route: (typeof routes)[number]) => boolean) => new Set(routes.filter(access).map((route) => route.handler)).size;
    expect(integrations).toHaveLength(perApi((route) => route.access === 'public') + perApi((route) => route.access !== 'public'));
    expect(new Set(integrations.map(([, i]) => JSON.stringify([i.Properties.ApiId, i.Properties.IntegrationUri]))).size).toBe(integrations.length);
  });

  it.each(['dev', 'prod'] as const)('lets each API invoke only the functions it routes to, through one permission per function naming that API (%s)', (stage) => {
    const { template } = stage === 'dev' ? dev : prod;
    // Scoped to the API, not the route (a permission per route cost the stack one resource each): the route table
    // decides which route reaches which function, the permission that no other API or service can (docs/security.md).
    const executeApiArn = (apiId: unknown) => ({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':execute-api:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':', apiId, '/*/*/*']],
    });
    const expected = resources(template, 'AWS::ApiGatewayV2::Integration').map(([, i]) => ({
      Action: 'lambda:InvokeFunction',
      FunctionName: i.Properties.IntegrationUri,
      Principal: 'apigateway.amazonaws.com',
      SourceArn: executeApiArn(i.Properties.ApiId),
    }));
    const apiPermissions = resources(template, 'AWS::Lambda::Permission')
      .filter(([, p]) => p.Properties.Principal === 'apigateway.amazonaws.com')
      .map(([, p]) => p.Properties);
    expect(apiPermissions).toHaveLength(expected.length);
    expect(apiPermissions).toEqual(expect.arrayContaining(expected));
    // Each of the two APIs is named by the permissions of its own functions only: no staff-only function admits the public API.
    const [staffId] = staffApi(template);
    const [publicId] = publicApi(template);
    const namedApis = (handler: string) => apiPermissions
      .filter((p) => p.FunctionName['Fn::GetAtt'][0] === lambdaFor(template, handler)[0])
      .map((p) => p.SourceArn['Fn::Join'][1].at(-2).Ref);
    for (const handler of new Set(routes.map((route) => route.handler))) {
      const served = routes.filter((route) => route.handler === handler);
      const apis = [
        ...(served.some((route) => route.access === 'public') ? [publicId] : []),
        ...(served.some((route) => route.access !== 'public') ? [staffId] : []),
      ];
      expect(namedApis(handler).sort(), handler).toEqual(apis.sort());
    }
  });

  it('has no routes beyond the route table', () => {
    expect(resources(dev.template, 'AWS::ApiGatewayV2::Route')).toHaveLength(routes.length);
  });

  it.each([0, 1])('writes access logs to an encrypted log group, by route template so link tokens stay out of them (API %i of 2)', (index) => {
    const stages = resources(dev.template, 'AWS::ApiGatewayV2::Stage');
    expect(stages).toHaveLength(2);
    const [, stage] = stages[index]!;
    const logGroupId = stage.Properties.AccessLogSettings.DestinationArn['Fn::GetAtt'][0];
    const [, logGroup] = resources(dev.template, 'AWS::Logs::LogGroup').find(([id]) => id === logGroupId)!;
    expect(logGroup.Properties.KmsKeyId).toEqual(keyArn(dev.template));
    const format = JSON.parse(stage.Properties.AccessLogSettings.Format);
    expect(format.routeKey).toBe('$context.routeKey');
    expect(Object.values(format)).not.toContain('$context.path');
  });

  it('outputs the API URL', () => {
    dev.template.hasOutput('ApiUrl', {});
  });
});

describe('functions', () => {
  it('creates one function per handler and no others besides CDK helpers', () => {
    for (const handler of allHandlers) lambdaFor(dev.template, handler);
    const ours = resources(dev.template, 'AWS::Lambda::Function').filter(([, f]) =>
      String(f.Properties.Description ?? '').startsWith('caseforms '),
    );
    expect(ours).toHaveLength(allHandlers.length);
  });

  it.each(allHandlers)('%s runs nodejs22.x with tracing, its own encrypted log group, and the config variables', (handler) => {
    const [, fn] = lambdaFor(dev.template, handler);
    expect(fn.Properties.Runtime).toBe('nodejs22.x');
    expect(fn.Properties.TracingConfig).toEqual({ Mode: 'Active' });
    expect(fn.Properties.Handler).toBe('index.handler');

    const env = fn.Properties.Environment.Variables;
    for (const name of Object.values(configVariables)) {
      if (variablesOnlyFor[name] && !variablesOnlyFor[name].includes(handler)) expect(env, name).not.toHaveProperty([name]);
      else expect(env, name).toHaveProperty([name]);
    }
    expect(env[configVariables.formsDir]).toBe('/var/task/form-schemas');
    expect(env[configVariables.templatesDir]).toBe('/var/task/templates');
    expect(env.NODE_OPTIONS).toBe('--enable-source-maps');

    const logGroupId = fn.Properties.LoggingConfig.LogGroup.Ref;
    const [, logGroup] = resources(dev.template, 'AWS::Logs::LogGroup').find(([id]) => id === logGroupId)!;
    expect(logGroup.Properties.RetentionInDays).toBe(30);
    expect(logGroup.Properties.KmsKeyId).toEqual(keyArn(dev.template));
  });

  it('runs the functions that render PDFs in Chromium (the document worker, the studio\'s document preview) on x86_64 and everything else on arm64', () => {
    const rendering = new Set<string>([workers.documentWorker, 'staff-studio-preview']);
    for (const handler of allHandlers) {
      const [, fn] = lambdaFor(dev.template, handler);
      const expected = rendering.has(handler) ? 'x86_64' : 'arm64';
      expect(fn.Properties.Architectures, handler).toEqual([expected]);
    }
    const [, worker] = lambdaFor(dev.template, workers.documentWorker);
    expect(worker.Properties.MemorySize).toBe(2048);
    expect(worker.Properties.Timeout).toBe(60);
    // The preview renders while the admin waits: as long as an HTTP API waits.
    const [, preview] = lambdaFor(dev.template, 'staff-studio-preview');
    expect(preview.Properties.MemorySize).toBe(2048);
    expect(preview.Properties.Timeout).toBe(29);
  });

  it('feeds the worker from the queue in batches of five with partial failures', () => {
    const [workerId] = lambdaFor(dev.template, workers.documentWorker);
    const [queueId] = resources(dev.template, 'AWS::SQS::Queue').find(([id, q]) => id.startsWith('DocumentQueue') && q.Properties.RedrivePolicy)!;
    dev.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: workerId },
      EventSourceArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
      BatchSize: 5,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('runs the outbox sweeper every minute', () => {
    const [sweeperId] = lambdaFor(dev.template, workers.outboxSweeper);
    dev.template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 minute)',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [sweeperId, 'Arn'] } })],
    });
  });
});

describe('bundles', () => {
  const assetDir = (handler: string): string => {
    const [, fn] = lambdaFor(dev.template, handler);
    const key: string = fn.Properties.Code.S3Key;
    return path.join(dev.assemblyDir, `asset.${key.replace(/\.zip$/, '')}`);
  };

  it.each(allHandlers)('%s ships an ESM bundle with a source map, form schemas and templates', (handler) => {
    const dir = assetDir(handler);
    const code = readFileSync(path.join(dir, 'index.mjs'), 'utf8');
    expect(code.startsWith("import { createRequire } from 'module';const require = createRequire(import.meta.url);")).toBe(true);
    expect(existsSync(path.join(dir, 'index.mjs.map'))).toBe(true);
    expect(existsSync(path.join(dir, 'form-schemas'))).toBe(true);
    expect(existsSync(path.join(dir, 'templates'))).toBe(true);
  });

  it.each(allHandlers)('%s does not bundle the local dev issuer', (handler) => {
    const code = readFileSync(path.join(assetDir(handler), 'index.mjs'), 'utf8');
    for (const needle of [DEV_ISSUER, DEV_AUDIENCE, 'dev-issuer']) expect(code, needle).not.toContain(needle);
  });

  it('ships chromium, puppeteer-core and the Noto Sans fonts with the worker', async () => {
    const dir = assetDir(workers.documentWorker);
    expect(existsSync(path.join(dir, 'node_modules/@sparticuz/chromium/bin/chromium.br'))).toBe(true);
    expect(existsSync(path.join(dir, 'node_modules/puppeteer-core/package.json'))).toBe(true);
    // Every TTF the local fontconfig file lists (functions/contracts/fonts.ts), and nothing else, in the folder Chromium reads.
    const { SHIPPED_FONTS } = await import('../../functions/contracts/fonts.ts');
    const expected = SHIPPED_FONTS.flatMap((font) => font.files.map((file) => path.basename(file))).sort();
    expect(expected).toContain('NotoSans_400Regular.ttf');
    expect(expected).toContain('NotoSansSC_700Bold.ttf');
    expect(readdirSync(path.join(dir, 'fonts')).sort()).toEqual(expected);
  });
});

describe('IAM', () => {
  const wildcard = (action: string) => action === '*' || /^[A-Za-z0-9-]+:\*$/.test(action);

  it.each([
    ['dev', () => dev],
    ['prod', () => prod],
  ] as const)('%s has no "*" or "service:*" actions in any policy', (_, get) => {
    const actions = actionsOf(allStatements(get().template));
    expect(actions.length).toBeGreaterThan(0);
    expect(actions.filter(wildcard)).toEqual([]);
  });

  it('gives get-form no access to the table, bucket or queues beyond the live packs, and only decryption with the key', () => {
    const actions = actionsOf(statementsForFunction(dev.template, 'get-form'));
    expect(actions.filter((a) => /^(dynamodb|s3|sqs|ses):/.test(a))).toEqual([]);
    expect(actions.filter((a) => a.startsWith('kms:'))).toEqual(['kms:Decrypt']);
  });

  it('lets submit write the table, put and remove raw submissions and enqueue jobs, but read nothing in the bucket', () => {
    const statements = statementsForFunction(dev.template, 'submit');
    const actions = actionsOf(statements);
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:PutItem', 's3:PutObject', 's3:DeleteObject', 'sqs:SendMessage']));
    expect(actions.filter((a) => a.startsWith('s3:Get') || a.startsWith('ses:'))).toEqual([]);
    // Put and delete reach raw submission bodies only, never generated documents or form versions.
    for (const statement of statements.filter((s) => actionsOf([s]).some((a) => a.startsWith('s3:PutObject') || a.startsWith('s3:DeleteObject')))) {
      expect(JSON.stringify(statement.Resource)).toContain('/agencies/*/cases/*/submissions/*');
    }
  });

  it('lets the worker use the table and bucket, consume the queue and send mail from verified identities only', () => {
    const statements = statementsForFunction(dev.template, workers.documentWorker);
    const actions = actionsOf(statements);
    expect(actions).toEqual(
      expect.arrayContaining(['dynamodb:PutItem', 's3:GetObject*', 's3:PutObject', 'sqs:ReceiveMessage', 'sqs:DeleteMessage']),
    );
    const ses = statements.filter((s) => actionsOf([s]).some((a) => a.startsWith('ses:')));
    expect(ses).toHaveLength(1);
    expect(asArray(ses[0].Action).sort()).toEqual(['ses:SendEmail', 'ses:SendRawEmail']);
    // Verified identities and each agency's configuration set, by name: SES authorizes a send against both.
    const sesResources = asArray<any>(ses[0].Resource);
    const ids = configurationSetIds(dev.template);
    expect(sesResources).toHaveLength(1 + ids.size);
    expect(JSON.stringify(sesResources[0])).toContain(':identity/*');
    expect(sesResources.slice(1)).toEqual(expect.arrayContaining([...ids.values()].map(configurationSetArn)));
    for (const resource of sesResources.slice(1)) expect(JSON.stringify(resource)).not.toContain('*');
    expect(sesResources).not.toContain('*');
  });

  it('lets the worker put a failed job on the dead-letter queue itself and delay retries on the document queue', () => {
    const statements = statementsForFunction(dev.template, workers.documentWorker);
    const [mainId, main] = resources(dev.template, 'AWS::SQS::Queue').find(([id, q]) => id.startsWith('DocumentQueue') && q.Properties.RedrivePolicy)!;
    const onQueue = (arn: unknown) => actionsOf(statements.filter((s) => asArray(s.Resource).some((r) => JSON.stringify(r) === JSON.stringify(arn))));
    expect(onQueue(main.Properties.RedrivePolicy.deadLetterTargetArn)).toContain('sqs:SendMessage');
    expect(onQueue({ 'Fn::GetAtt': [mainId, 'Arn'] })).toEqual(expect.arrayContaining(['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage']));
    // It never needs to read back or purge the dead letters: that is the redrive script's job.
    expect(onQueue(main.Properties.RedrivePolicy.deadLetterTargetArn)).not.toContain('sqs:ReceiveMessage');
  });

  it('lets open-link get link and document items, append audit records and read generated documents, and nothing more', () => {
    const statements = statementsForFunction(dev.template, 'open-link');
    const actions = actionsOf(statements);
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:PutItem', 's3:GetObject*', 'kms:Decrypt']));
    const forbidden = [
      'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem', 'dynamodb:BatchGetItem',
      's3:PutObject', 's3:DeleteObject*',
    ];
    expect(actions.filter((a) => forbidden.includes(a) || /^(sqs|ses):/.test(a))).toEqual([]);

    const dynamo = statements.filter((s) => actionsOf([s]).some((a) => a.startsWith('dynamodb:')));
    expect(dynamo).toEqual([
      expect.objectContaining({
        Action: 'dynamodb:GetItem',
        Resource: tableArn(dev.template),
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [linkKeyPattern, linkCodeKeyPattern, casePartitionPattern] } },
      }),
      expect.objectContaining({
        Action: 'dynamodb:PutItem',
        Resource: tableArn(dev.template),
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [auditKeyPattern] } },
      }),
    ]);
    expect([linkKeyPattern, linkCodeKeyPattern, casePartitionPattern]).toEqual(['AGENCY#*#LINK#*', 'AGENCY#*#LINKCODE#*', 'AGENCY#*#CASE#*']);

    const reads = statements.filter((s) => actionsOf([s]).includes('s3:GetObject*'));
    expect(reads).toHaveLength(1);
    const objects = asArray<any>(reads[0].Resource).filter((r) => r['Fn::Join']);
    expect(objects).toEqual([bucketArnFor(dev.template, documentPattern)]);
  });

  it('lets the one-time code functions write only the link\'s code partition and the audit trail (the check also a signing link\'s consent and signature); only the sender mails', () => {
    for (const handler of ['link-code-send', 'link-code-check']) {
      const statements = statementsForFunction(dev.template, handler);
      const actions = actionsOf(statements);
      expect(actions.filter((a) => /^(s3|sqs):/.test(a) || ['dynamodb:Query', 'dynamodb:Scan', 'dynamodb:BatchWriteItem', 'dynamodb:BatchGetItem'].includes(a)), handler).toEqual([]);
      const writes = statements.filter((s) => actionsOf([s]).some((a) => ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'].includes(a)));
      // The code check also takes a signing link's answers: the link's consent choice, and the signature's transaction.
      const signing = (write: any) => handler === 'link-code-check' && (
        (actionsOf([write]).join() === 'dynamodb:UpdateItem' && write.Condition['ForAllValues:StringLike']['dynamodb:LeadingKeys'].join() === linkKeyPattern)
        || (actionsOf([write]).join() === 'dynamodb:PutItem' && write.Condition['ForAnyValue:StringEquals']?.['dynamodb:EnclosingOperation']?.join() === 'TransactWriteItems'
          && write.Condition['ForAllValues:StringLike']['dynamodb:LeadingKeys'].join() === [casePartitionPattern, auditKeyPattern].join()));
      for (const write of writes.filter((w) => !signing(w))) {
        expect(write.Condition['ForAllValues:StringLike']['dynamodb:LeadingKeys'], handler).toSatisfy((keys: string[]) => keys.every((k) => k === linkCodeKeyPattern || k === auditKeyPattern));
      }
      expect(writes.filter(signing), handler).toHaveLength(handler === 'link-code-check' ? 2 : 0);
      const reads = statements.filter((s) => actionsOf([s]).includes('dynamodb:GetItem'));
      expect(reads.map((s) => s.Condition['ForAllValues:StringLike']['dynamodb:LeadingKeys'])).toEqual([[linkKeyPattern, linkCodeKeyPattern, casePartitionPattern]]);
    }
    expect(actionsOf(statementsForFunction(dev.template, 'link-code-check')).filter((a) => a.startsWith('ses:'))).toEqual([]);
    expect(actionsOf(statementsForFunction(dev.template, 'link-code-send'))).toEqual(expect.arrayContaining(['ses:SendEmail', 'ses:SendRawEmail']));
  });

  it('lets ses-events update case items and add suppressions, and nothing else in the table, bucket or document queue', () => {
    const statements = statementsForFunction(dev.template, workers.sesEvents);
    const actions = actionsOf(statements);
    expect(actions.filter((a) => a.startsWith('s3:')), 'no S3').toEqual([]);
    expect(actions.filter((a) => a.startsWith('ses:'))).toEqual([]);
    const dynamo = statements.filter((s) => actionsOf([s]).some((a) => a.startsWith('dynamodb:')));
    expect(dynamo).toEqual([
      expect.objectContaining({
        Action: 'dynamodb:UpdateItem',
        Resource: tableArn(dev.template),
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [casePartitionPattern] } },
      }),
      expect.objectContaining({
        Action: 'dynamodb:PutItem',
        Resource: tableArn(dev.template),
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [suppressionKeyPattern] } },
      }),
    ]);
    expect(suppressionKeyPattern).toBe('AGENCY#*#SUPPRESSION');
    // Its only queue access is sending to its own dead-letter queue (the on-failure destination).
    const sqs = statements.filter((s) => actionsOf([s]).some((a) => a.startsWith('sqs:')));
    expect(sqs).toHaveLength(1);
    expect(actionsOf(sqs)).not.toContain('sqs:ReceiveMessage');
    expect(sqs[0].Resource).toEqual({ 'Fn::GetAtt': [mailDeadLetterId(dev.template), 'Arn'] });
  });

  it('decides the access of every routed handler explicitly', () => {
    for (const { handler } of routes) expect(Object.keys(routeGrants), handler).toContain(handler);
  });

  const tableWrites = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];
  const staffReaders = ['list-cases', 'get-case', 'get-submission', 'get-audit'];

  it.each(staffReaders)('lets %s read the table and append audit records, but write nothing else', (handler) => {
    const statements = statementsForFunction(dev.template, handler);
    const actions = actionsOf(statements);
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:PutItem', 'kms:Decrypt']));
    expect(actions.filter((a) => a.startsWith('sqs:') || a.startsWith('ses:') || /^s3:(Put|Delete)/.test(a))).toEqual([]);

    const writes = statements.filter((s) => actionsOf([s]).some((a) => tableWrites.includes(a)));
    // Audit records, and the caller's session record (activity, idle end: functions/domain/sessions/staff-sessions.ts).
    expect(writes).toHaveLength(2);
    expect(writes).toEqual(expect.arrayContaining([
      expect.objectContaining({
        Effect: 'Allow',
        Action: 'dynamodb:PutItem',
        Resource: tableArn(dev.template),
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [auditKeyPattern] } },
      }),
      expect.objectContaining({
        Effect: 'Allow',
        Action: 'dynamodb:UpdateItem',
        Resource: tableArn(dev.template),
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [sessionKeyPattern] } },
      }),
    ]));
    expect(auditKeyPattern).toBe('AGENCY#*#AUDIT#*');
    expect(sessionKeyPattern).toBe('AGENCY#*#SESSION#*');
  });

  it('lets only get-submission among the readers read the bucket, and only raw submissions', () => {
    for (const handler of ['list-cases', 'get-case', 'get-audit']) {
      expect(actionsOf(statementsForFunction(dev.template, handler)).filter((a) => a.startsWith('s3:')), handler).toEqual([]);
    }
    const statements = statementsForFunction(dev.template, 'get-submission');
    const s3 = statements.filter((s) => actionsOf([s]).some((a) => a.startsWith('s3:GetObject')));
    expect(s3).toHaveLength(1);
    expect(asArray(s3[0].Resource)).toContainEqual(bucketArnFor(dev.template, rawSubmissionPattern));
    expect(JSON.stringify(s3[0].Resource)).not.toContain('"/*"');
  });

  it('lets submit-staff-form write the table, put and remove raw submissions and enqueue jobs, but not read or delete documents', () => {
    const statements = statementsForFunction(dev.template, 'submit-staff-form');
    const actions = actionsOf(statements);
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:GetItem', 's3:PutObject', 's3:DeleteObject*', 'sqs:SendMessage']));
    expect(actions.filter((a) => a.startsWith('s3:Get') || a.startsWith('ses:'))).toEqual([]);
    const writes = statements.filter((s) => actionsOf([s]).some((a) => a === 's3:PutObject' || a === 's3:DeleteObject*'));
    expect(writes.flatMap((s) => asArray(s.Resource))).toEqual([bucketArnFor(dev.template, rawSubmissionPattern), bucketArnFor(dev.template, rawSubmissionPattern)]);
  });

  it('lets the retention sweeper list and delete case objects, on a daily schedule, but read no object and send nothing', () => {
    const statements = statementsForFunction(dev.template, workers.retentionSweeper);
    const actions = actionsOf(statements);
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:Query', 'dynamodb:BatchWriteItem', 's3:DeleteObject*', 's3:ListBucket']));
    expect(actions.filter((a) => a.startsWith('s3:Get') || a.startsWith('s3:Put') || a.startsWith('ses:') || a.startsWith('sqs:'))).toEqual([]);
    const deletes = statements.filter((s) => actionsOf([s]).includes('s3:DeleteObject*'));
    expect(deletes.flatMap((s) => asArray(s.Resource))).toEqual([bucketArnFor(dev.template, 'agencies/*/cases/*')]);
    const list = statements.find((s) => actionsOf([s]).includes('s3:ListBucket'));
    expect(list.Condition).toEqual({ StringLike: { 's3:prefix': ['agencies/*/cases/*/*'] } });
    const [logicalId] = lambdaFor(dev.template, workers.retentionSweeper);
    const rules = resources(dev.template, 'AWS::Events::Rule').filter(([, r]) => JSON.stringify(r.Properties.Targets).includes(logicalId));
    expect(rules.map(([, r]) => r.Properties.ScheduleExpression)).toEqual(['cron(30 3 * * ? *)']);
  });

  it('lets get-form-version read published form versions and nothing else', () => {
    const statements = statementsForFunction(dev.template, 'get-form-version');
    const actions = actionsOf(statements);
    expect(actions).toContain('s3:GetObject*');
    expect(actions.filter((a) => /^(dynamodb|sqs|ses):/.test(a) || /^s3:(Put|Delete)/.test(a))).toEqual([]);
    const reads = statements.filter((s) => actionsOf([s]).includes('s3:GetObject*'));
    expect(reads.flatMap((s) => asArray(s.Resource))).toContainEqual(bucketArnFor(dev.template, 'form-versions/*'));
  });

  it('lets the sweeper use the table and enqueue jobs, and nothing in the bucket', () => {
    const actions = actionsOf(statementsForFunction(dev.template, workers.outboxSweeper));
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:Query', 'dynamodb:UpdateItem', 'sqs:SendMessage']));
    expect(actions.filter((a) => /^(s3|ses):/.test(a) || a === 'sqs:ReceiveMessage')).toEqual([]);
  });
});

describe('removal policies', () => {
  const stateful = ['AWS::DynamoDB::Table', 'AWS::S3::Bucket', 'AWS::KMS::Key', 'AWS::Logs::LogGroup', 'AWS::Cognito::UserPool'];

  it('prod protects the table from deletion and retains its data stores', () => {
    prod.template.hasResourceProperties('AWS::DynamoDB::Table', { DeletionProtectionEnabled: true });
    prod.template.hasResourceProperties('AWS::Cognito::UserPool', { DeletionProtection: 'ACTIVE' });
    for (const type of stateful) {
      const found = resources(prod.template, type);
      expect(found.length, type).toBeGreaterThan(0);
      for (const [id, resource] of found) {
        expect(resource.DeletionPolicy, id).toBe('Retain');
        expect(resource.UpdateReplacePolicy, id).toBe('Retain');
      }
    }
    expect(resources(prod.template, 'Custom::S3AutoDeleteObjects')).toEqual([]);
  });

  it('dev tears everything down, emptying the bucket first', () => {
    const [, table] = only(dev.template, 'AWS::DynamoDB::Table');
    expect(table.Properties.DeletionProtectionEnabled ?? false).toBe(false);
    for (const type of stateful) {
      const found = resources(dev.template, type);
      expect(found.length, type).toBeGreaterThan(0);
      for (const [id, resource] of found) expect(resource.DeletionPolicy, id).toBe('Delete');
    }
    // The document bucket, its access-log bucket and the uploads bucket.
    expect(resources(dev.template, 'Custom::S3AutoDeleteObjects')).toHaveLength(3);
  });
});
