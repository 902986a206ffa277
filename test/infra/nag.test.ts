import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import type { SynthesisMessage } from 'aws-cdk-lib/cx-api';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { afterAll, describe, expect, it } from 'vitest';
import { CaseformsStack } from '../../infra/caseforms-stack.ts';
import { addNagChecks } from '../../infra/nag.ts';
import { stageProps } from '../support/cdk-template.ts';
import { stages, type Stage } from '../../infra/stage.ts';

const outRoot = mkdtempSync(path.join(os.tmpdir(), 'caseforms-nag-test-'));
afterAll(() => rmSync(outRoot, { recursive: true, force: true }));

/** Rule ids of both packs: `AwsSolutions-S1`, `HIPAA.Security-LambdaDLQ`, `AwsSolutions-IAM5[Resource::*]`… */
const nagRuleId = Match.stringLikeRegexp('^(AwsSolutions|HIPAA\\.Security)-');

interface Finding {
  readonly level: 'error' | 'warning';
  readonly path: string;
  readonly message: string;
}

/** Every unacknowledged finding of the two packs on the stack (synthesizing it). */
function nagFindings(stack: Stack): Finding[] {
  const annotations = Annotations.fromStack(stack);
  const finding = (level: Finding['level']) => (m: SynthesisMessage): Finding => ({ level, path: m.id, message: String(m.entry.data) });
  return [...annotations.findError('*', nagRuleId).map(finding('error')), ...annotations.findWarning('*', nagRuleId).map(finding('warning'))];
}

/** The rule id a finding message starts with, e.g. `AwsSolutions-IAM5` for `AwsSolutions-IAM5[Action::s3:*]: …`. */
const ruleOf = (message: string): string => message.match(/^([\w.]+-\w+)/)?.[1] ?? message;

const readable = (findings: readonly Finding[]): string =>
  findings.map((f) => `${f.level} ${f.path}\n  ${f.message.split('\n')[0]}`).join('\n');

/** Bundling is skipped: the checks read resources, not code, and esbuild per function would dominate the run. */
function newApp(name: string): App {
  return new App({ outdir: path.join(outRoot, name), context: { 'aws:cdk:bundling-stacks': [] } });
}

function caseformsStack(stage: Stage): CaseformsStack {
  const stack = new CaseformsStack(newApp(stage), `caseforms-${stage}`, stageProps(stage));
  addNagChecks(stack);
  return stack;
}

describe.each(stages)('cdk-nag on the %s stack', (stage) => {
  const stack = caseformsStack(stage);
  const findings = nagFindings(stack);

  it('has no unacknowledged AwsSolutions or HIPAA.Security findings', () => {
    expect(findings, `unacknowledged cdk-nag findings (fix them, or acknowledge them in infra/nag-suppressions.ts):\n${readable(findings)}`).toEqual([]);
  });

  it('acknowledges one rule per entry, with a reason, on resources only: no stack-wide suppressions', () => {
    expect(stack.templateOptions.metadata?.cdk_nag).toBeUndefined();
    const entries = stack.node
      .findAll()
      .filter((c): c is CfnResource => c instanceof CfnResource)
      .flatMap((resource) => ((resource.getMetadata('cdk_nag') as { rules_to_suppress?: any[] } | undefined)?.rules_to_suppress ?? [])
        .map((rule) => ({ path: resource.node.path, ...rule })));
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) {
      expect(entry.id, entry.path).toMatch(/^(AwsSolutions|HIPAA\.Security)-\w+$/);
      expect(String(entry.reason).length, `${entry.path} ${entry.id}`).toBeGreaterThan(40);
      // IAM wildcards are acknowledged one exact finding at a time, never by pattern.
      if (entry.applies_to !== undefined) {
        expect(entry.applies_to, `${entry.path} ${entry.id}`).toHaveLength(1);
        expect(typeof entry.applies_to[0], `${entry.path} ${entry.id}`).toBe('string');
      }
    }
  });
});

describe('cdk-nag on a stack outside us-east-1 with a custom public domain and a us-east-1 WebACL', () => {
  const stack = new CaseformsStack(newApp('custom-edge'), 'caseforms-prod', {
    stage: 'prod',
    env: { account: '123456789012', region: 'eu-west-1' },
    publicWebAclArn: 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/caseforms-public/0d1e2f',
    publicDomain: { domainName: 'forms.example.org', certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/0d1e2f' },
    publicOrigin: { domainName: 'origin.forms.example.org', certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/1e2f3a' },
  });
  addNagChecks(stack);
  const findings = nagFindings(stack);

  it('has no unacknowledged findings', () => {
    expect(findings, readable(findings)).toEqual([]);
  });

  it('needs no acknowledgement for the viewer TLS policy: the certificate holds viewers to TLS 1.2', () => {
    const distribution = stack.publicEdge.distribution.node.defaultChild as CfnResource;
    const acknowledged = ((distribution.getMetadata('cdk_nag') as { rules_to_suppress?: { id: string }[] } | undefined)?.rules_to_suppress ?? []).map((r) => r.id);
    expect(acknowledged).not.toContain('AwsSolutions-CFR4');
    expect(acknowledged).toEqual(['AwsSolutions-CFR1', 'AwsSolutions-CFR3']);
  });
});

describe('cdk-nag on a deliberately non-compliant stack', () => {
  // What the checks must catch: a bucket with only S3's default SSE-S3, no public access block, no TLS policy, no
  // versioning and no access logs, and a queue with no encryption, no TLS policy and no dead-letter queue.
  const stack = new Stack(newApp('non-compliant'), 'NonCompliant');
  new s3.Bucket(stack, 'Bucket', {
    blockPublicAccess: new s3.BlockPublicAccess({ blockPublicAcls: false, blockPublicPolicy: false, ignorePublicAcls: false, restrictPublicBuckets: false }),
  });
  new sqs.Queue(stack, 'Queue', { encryption: sqs.QueueEncryption.UNENCRYPTED });
  addNagChecks(stack);
  const findings = nagFindings(stack);
  const errorsOn = (construct: string) =>
    new Set(findings.filter((f) => f.level === 'error' && f.path.startsWith(`/NonCompliant/${construct}/`)).map((f) => ruleOf(f.message)));

  it('fails the same checks: bucket findings from both packs', () => {
    expect([...errorsOn('Bucket')].sort()).toEqual(
      expect.arrayContaining([
        'AwsSolutions-S1', // no server access logs
        'AwsSolutions-S2', // public access not blocked
        'AwsSolutions-S10', // no TLS-only bucket policy
        'HIPAA.Security-S3BucketLevelPublicAccessProhibited',
        'HIPAA.Security-S3BucketLoggingEnabled',
        'HIPAA.Security-S3BucketSSLRequestsOnly',
        'HIPAA.Security-S3BucketVersioningEnabled',
        'HIPAA.Security-S3DefaultEncryptionKMS',
      ]),
    );
  });

  // HIPAA.Security has no SQS rules in this cdk-nag version; AwsSolutions covers queues.
  it('fails the same checks: queue findings', () => {
    expect([...errorsOn('Queue')].sort()).toEqual(
      expect.arrayContaining([
        'AwsSolutions-SQS2', // no server-side encryption
        'AwsSolutions-SQS3', // no dead-letter queue
        'AwsSolutions-SQS4', // no TLS-only queue policy
      ]),
    );
  });

  it('reports them as unacknowledged findings, which is what fails the real stacks', () => {
    expect(findings.length).toBeGreaterThanOrEqual(13);
  });
});
