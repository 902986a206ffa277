import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { App, NestedStack, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, expect } from 'vitest';
import { CaseformsStack } from '../../infra/caseforms-stack.ts';

/** A resource as the template holds it: untyped JSON, since tests read what CloudFormation will receive. */
export type Resource = { Type: string; Properties?: any; Metadata?: any; DeletionPolicy?: string; UpdateReplacePolicy?: string };

export type StackProps = ConstructorParameters<typeof CaseformsStack>[2];

/** The custom domains prod refuses to synthesize without (see checkProdEdge in infra/caseforms-stack.ts). */
export const prodEdge = {
  publicDomain: { domainName: 'forms.example.org', certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/0d1e2f' },
  publicOrigin: { domainName: 'origin.forms.example.org', certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/1e2f3a' },
} as const;

/** Props for a stage as `cdk synth -c stage=…` would need them: prod with its required domains. */
export const stageProps = (stage: 'dev' | 'prod'): StackProps => (stage === 'prod' ? { stage, ...prodEdge } : { stage });

/**
 * A stack synthesizer for one test file: assemblies go to a temporary folder removed after the file. Bundling is
 * skipped, because these checks read resources and policies, not code (test/infra/stack.test.ts checks the bundles).
 */
export function stackSynthesizer(label: string): (name: string, props: StackProps) => Template {
  const outRoot = mkdtempSync(path.join(os.tmpdir(), `caseforms-${label}-test-`));
  afterAll(() => rmSync(outRoot, { recursive: true, force: true }));
  return (name, props) => {
    const app = new App({ outdir: path.join(outRoot, name), context: { 'aws:cdk:bundling-stacks': [] } });
    return Template.fromStack(new CaseformsStack(app, `caseforms-${name}`, props));
  };
}

export const resources = (template: Template, type: string): [string, Resource][] =>
  Object.entries(template.findResources(type)) as [string, Resource][];

/** The one resource of `type`, failing the test when there is none or more. */
export const only = (template: Template, type: string): [string, Resource] => {
  const found = resources(template, type);
  expect(found, type).toHaveLength(1);
  return found[0]!;
};

/** The stack's HTTP APIs: the public one is named `<stack>-public`, the staff one after the stack. */
function apiWhere(template: Template, isPublic: boolean): [string, Resource] {
  const found = (Object.entries(template.findResources('AWS::ApiGatewayV2::Api')) as [string, Resource][])
    .filter(([, api]) => String(api.Properties?.Name).endsWith('-public') === isPublic);
  expect(found, isPublic ? 'public API' : 'staff API').toHaveLength(1);
  return found[0]!;
}
export const staffApi = (template: Template) => apiWhere(template, false);
export const publicApi = (template: Template) => apiWhere(template, true);

/**
 * Every resource of `type` in the stack and its nested stacks (the per-function alarms live in one: infra/alarms.ts
 * FunctionAlarms), with each nested stack's parameters replaced by what the parent passes in, so a nested resource
 * names the parent's resources as the parent's own do (`{ Ref: 'ListCasesFunction…' }`).
 */
export function resourcesWithNested(stack: Stack, type: string): [string, Resource][] {
  const parent = Template.fromStack(stack).toJSON().Resources as Record<string, Resource>;
  const nested = stack.node.findAll().filter((c): c is NestedStack => c instanceof NestedStack && c.nestedStackParent === stack);
  const fromNested = nested.flatMap((child) => {
    const parameters = parent[stack.resolve(child.nestedStackResource!.logicalId) as string]!.Properties.Parameters ?? {};
    const substitute = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(substitute);
      if (value === null || typeof value !== 'object') return value;
      const ref = (value as { Ref?: unknown }).Ref;
      if (Object.keys(value).length === 1 && typeof ref === 'string' && Object.hasOwn(parameters, ref)) return parameters[ref];
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, substitute(inner)]));
    };
    return resources(Template.fromStack(child), type).map(([id, resource]) => [id, substitute(resource) as Resource] as [string, Resource]);
  });
  return [...Object.entries(parent).filter(([, resource]) => resource.Type === type), ...fromNested];
}

/** The stack's data key (infra/encryption.ts createDataKey): the one CMK of case data, beside the seal's signing key. */
export const dataKey = (template: Template): [string, Resource] => {
  const found = resources(template, 'AWS::KMS::Key').filter(([id]) => id.startsWith('DataKey'));
  expect(found).toHaveLength(1);
  return found[0]!;
};
