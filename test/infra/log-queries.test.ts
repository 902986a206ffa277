import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import { CaseformsStack } from '../../infra/caseforms-stack.ts';
import { functionId } from '../../infra/lambda.ts';

type Resource = { Properties: { Name: string; QueryString: string; LogGroupNames: Array<{ Ref: string }> } };

const outRoot = mkdtempSync(path.join(os.tmpdir(), 'caseforms-log-queries-test-'));
afterAll(() => rmSync(outRoot, { recursive: true, force: true }));

// Bundling is skipped: these assertions are about resources, not code.
const app = new App({ outdir: outRoot, context: { 'aws:cdk:bundling-stacks': [] } });
const template = Template.fromStack(new CaseformsStack(app, 'caseforms-dev', { stage: 'dev' }));
const queries = Object.values(template.findResources('AWS::Logs::QueryDefinition')) as Resource[];
const byName = (name: string) => queries.find((query) => query.Properties.Name === name)?.Properties;
/** The log group of the function for a handler module, as createFunction names it. */
const logGroupOf = (handler: string) => {
  const ids = Object.keys(template.findResources('AWS::Logs::LogGroup')).filter((id) => id.startsWith(`${functionId(handler)}Logs`));
  expect(ids, handler).toHaveLength(1);
  return { Ref: ids[0]! };
};

describe('saved Logs Insights queries', () => {
  it('find intakes by their outcome lines, over the logs of both intake functions and no other', () => {
    const outcomes = byName('caseforms-dev/intake-outcomes');
    expect(outcomes).toBeDefined();
    expect(outcomes!.LogGroupNames).toEqual([logGroupOf('submit'), logGroupOf('intake-post')]);
    expect(outcomes!.QueryString).toContain('fields @timestamp, outcome, agencyId, formId, caseId, submissionId, requestId');
    expect(outcomes!.QueryString).toContain('filter ispresent(Submission)');
    expect(outcomes!.QueryString).toContain('sort @timestamp desc');
  });

  it('count outcomes per agency and hour from the same lines', () => {
    const counts = byName('caseforms-dev/intake-outcomes-per-hour');
    expect(counts!.LogGroupNames).toEqual([logGroupOf('submit'), logGroupOf('intake-post')]);
    expect(counts!.QueryString).toContain('stats sum(Submission) by outcome, agencyId, bin(1h)');
  });
});
