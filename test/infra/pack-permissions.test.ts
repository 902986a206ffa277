import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Template } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import { routes, workers } from '../../functions/contracts/routes.ts';
import { keys } from '../../functions/contracts/table-design.ts';
import { packKey } from '../../functions/adapters/aws/pack-store.ts';
import { DEPLOY_PACKS_HANDLER, REPOSITORY_PACKS_TYPE, repositoryPacksVersion } from '../../infra/pack-deploy.ts';
import { repoRoot } from '../../infra/paths.ts';
import { formVersionsPattern, packKeyPattern, packObjectPattern, studioPackWriters } from '../../infra/permissions.ts';
import { harborPackDir } from '../support/harbor-pack.ts';
import { only, resources, stackSynthesizer, type Resource } from '../support/cdk-template.ts';

const template = stackSynthesizer('pack-permissions')('dev', { stage: 'dev' });
const asArray = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
const formsDir = path.join(repoRoot, 'form-schemas');

function functionFor(handler: string): [string, Resource] {
  const found = Object.entries(template.findResources('AWS::Lambda::Function', { Properties: { Description: `caseforms ${handler}` } })) as [string, Resource][];
  expect(found, handler).toHaveLength(1);
  return found[0]!;
}

function statementsFor(handler: string): any[] {
  const roleId = functionFor(handler)[1].Properties.Role['Fn::GetAtt'][0];
  return resources(template, 'AWS::IAM::Policy')
    .filter(([, policy]) => policy.Properties.Roles.some((role: any) => role.Ref === roleId))
    .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement);
}

const [tableId] = only(template, 'AWS::DynamoDB::Table');
const tableArn = { 'Fn::GetAtt': [tableId, 'Arn'] };
const bucketId = resources(template, 'AWS::S3::Bucket').find(([id]) => id.startsWith('DataDocuments'))![0];
const objects = (pattern: string) => ({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, `/${pattern}`]] });
/** A StringLike pattern as IAM reads it: `*` is any run of characters. */
const matches = (pattern: string, value: string) => new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`).test(value);

/** The Allow statements naming one action (exactly, as written). */
const allowing = (statements: any[], action: string) => statements.filter((s) => s.Effect === 'Allow' && asArray<string>(s.Action).includes(action));
const leadingKeys = (statement: any): string[] | undefined => statement.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'];

/** Whether a handler module reaches functions/composition/serving-catalog.ts through its (non-type) imports. */
function buildsServingCatalog(handler: string): boolean {
  const target = path.join(repoRoot, 'functions', 'composition', 'serving-catalog.ts');
  const seen = new Set<string>();
  const visit = (file: string): boolean => {
    if (file === target) return true;
    if (seen.has(file)) return false;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    const imported = [...source.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?\bfrom\s+'(\.[^']+)'/gms)].map((match) => path.resolve(path.dirname(file), match[1]!));
    return imported.some(visit);
  };
  return visit(path.join(repoRoot, 'functions', 'handlers', `${handler}.ts`));
}

const servingHandlers = [...new Set(routes.map((route) => route.handler)), ...Object.values(workers)];

describe('the deploy step: a custom resource that publishes the repository packs', () => {
  const [customId, custom] = only(template, REPOSITORY_PACKS_TYPE);

  it('carries the hash of every pack version, so CloudFormation calls it again only when a pack changed', () => {
    expect(custom.Properties.PacksVersion).toBe(repositoryPacksVersion(formsDir));
    expect(Object.keys(custom.Properties).sort()).toEqual(['PacksVersion', 'ServiceToken']);
  });

  it('is answered by the custom resource framework, whose onEvent function is deploy-packs', () => {
    const frameworkId = custom.Properties.ServiceToken['Fn::GetAtt'][0];
    const [, framework] = resources(template, 'AWS::Lambda::Function').find(([id]) => id === frameworkId)!;
    const [deployId] = functionFor(DEPLOY_PACKS_HANDLER);
    expect(JSON.stringify(framework.Properties.Environment.Variables)).toContain(deployId);
    expect(customId).toBeDefined();
  });

  it('replaces the old BucketDeployment of form versions: the deploy step stores them', () => {
    expect(resources(template, 'Custom::CDKBucketDeployment')).toEqual([]);
  });

  it('bundles the repository form-schemas it publishes, and has time for it', () => {
    const [, fn] = functionFor(DEPLOY_PACKS_HANDLER);
    expect(fn.Properties.Environment.Variables.FORMS_DIR).toBe('/var/task/form-schemas');
    expect(fn.Properties.Timeout).toBeGreaterThanOrEqual(60);
  });
});

describe('the pack hash', () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'caseforms-pack-hash-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const copy = (name: string): string => {
    const dir = path.join(tmp, name);
    cpSync(formsDir, dir, { recursive: true });
    cpSync(harborPackDir, path.join(dir, 'harbor'), { recursive: true });
    return dir;
  };

  it('is the same for the same packs wherever they are, and changes with one byte of one pack locale file, or a new agency', () => {
    const first = copy('first');
    const same = copy('same');
    expect(repositoryPacksVersion(same)).toBe(repositoryPacksVersion(first));
    expect(repositoryPacksVersion(first)).not.toBe(repositoryPacksVersion(formsDir));

    const locale = path.join(same, 'harbor', 'locales', 'fr.json');
    writeFileSync(locale, `${readFileSync(locale, 'utf8')}\n`);
    expect(repositoryPacksVersion(same)).not.toBe(repositoryPacksVersion(first));
  });
});

describe('who may write packs', () => {
  const deploy = statementsFor(DEPLOY_PACKS_HANDLER);

  it('the deploy step may put pack items (the live pointer and history line, in a transaction or alone), pack partitions only', () => {
    const puts = allowing(deploy, 'dynamodb:PutItem');
    expect(puts).toHaveLength(1);
    expect(puts[0].Resource).toEqual(tableArn);
    expect(leadingKeys(puts[0])).toEqual([packKeyPattern]);
    // No EnclosingOperation condition: the pointer moves in TransactWriteItems, a kept-studio line is a PutItem alone.
    expect(Object.keys(puts[0].Condition)).toEqual(['ForAllValues:StringLike']);
    expect(matches(packKeyPattern, keys.pack('harbor'))).toBe(true);
    for (const other of [keys.case('harbor', 'c-1'), keys.audit('harbor', 'c-1'), keys.session('harbor', 'h'), keys.suppression('harbor')]) {
      expect(matches(packKeyPattern, other), other).toBe(false);
    }
    for (const action of ['BatchGetItem', 'Query']) expect(allowing(deploy, `dynamodb:${action}`).map(leadingKeys), action).toEqual([[packKeyPattern]]);
  });

  it('the deploy step may put pack versions and form versions, and delete nothing', () => {
    const puts = allowing(deploy, 's3:PutObject');
    expect(puts.flatMap((s) => asArray(s.Resource))).toEqual([objects(packObjectPattern), objects(formVersionsPattern)]);
    expect(matches(packObjectPattern, packKey('harbor', '0123456789abcdef'))).toBe(true);
    const actions = deploy.filter((s) => s.Effect === 'Allow').flatMap((s) => asArray<string>(s.Action));
    expect(actions.filter((a) => /Delete/.test(a))).toEqual([]);
    expect(actions.filter((a) => /^(sqs|ses|scheduler):/.test(a))).toEqual([]);
  });

  it.each(['submit', 'intake-post', workers.documentWorker])('%s may read the live pointers and pack versions, and write neither', (handler) => {
    const statements = statementsFor(handler);
    const batchGets = allowing(statements, 'dynamodb:BatchGetItem').filter((s) => leadingKeys(s)?.includes(packKeyPattern) || !leadingKeys(s));
    expect(batchGets.length).toBeGreaterThan(0);
    expect(allowing(statements, 's3:GetObject').flatMap((s) => asArray(s.Resource))).toContainEqual(objects(packObjectPattern));

    const denies = statements.filter((s) => s.Effect === 'Deny');
    const itemDeny = denies.find((s) => asArray(s.Resource).some((r) => JSON.stringify(r) === JSON.stringify(tableArn)));
    expect(asArray<string>(itemDeny.Action).sort()).toEqual(['dynamodb:BatchWriteItem', 'dynamodb:DeleteItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']);
    expect(itemDeny.Condition).toEqual({ 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': [packKeyPattern] } });
    const objectDeny = denies.find((s) => asArray<string>(s.Action).includes('s3:PutObject'));
    expect(asArray(objectDeny.Resource)).toEqual([objects(packObjectPattern), objects(formVersionsPattern)]);
  });

  it('an anonymous intake function reads pack items with BatchGetItem on pack partitions only, and no other pack action', () => {
    const onPacks = statementsFor('submit').filter((s) => s.Effect === 'Allow' && leadingKeys(s)?.includes(packKeyPattern));
    expect(onPacks).toEqual([{ Action: 'dynamodb:BatchGetItem', Effect: 'Allow', Resource: tableArn, Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [packKeyPattern] } } }]);
  });

  it('no function but the deploy step and the studio is allowed to write pack items or objects unconditioned by the deny', () => {
    for (const handler of servingHandlers.filter((name) => !studioPackWriters.has(name))) {
      const statements = statementsFor(handler);
      expect(statements.filter((s) => s.Effect === 'Deny').length, handler).toBe(2);
      const packPuts = allowing(statements, 'dynamodb:PutItem').filter((s) => leadingKeys(s)?.some((pattern) => matches(pattern, keys.pack('demo'))));
      expect(packPuts, handler).toEqual([]);
    }
  });
});

describe('every function that builds a serving catalog may read the live packs, and only those', () => {
  it.each(servingHandlers)('%s', (handler) => {
    const reads = allowing(statementsFor(handler), 's3:GetObject').some((s) => asArray(s.Resource).some((r) => JSON.stringify(r) === JSON.stringify(objects(packObjectPattern))));
    const pointers = allowing(statementsFor(handler), 'dynamodb:BatchGetItem').some((s) => leadingKeys(s)?.includes(packKeyPattern));
    const serves = buildsServingCatalog(handler);
    expect({ reads, pointers }).toEqual({ reads: serves, pointers: serves });
  });

  it('the import walk finds the catalog where it is built through composition modules, and not where it is not', () => {
    expect(buildsServingCatalog('get-case')).toBe(true);
    expect(buildsServingCatalog('open-link')).toBe(true);
    expect(buildsServingCatalog(workers.outboxSweeper)).toBe(false);
  });
});

describe('the studio, the one function beside the deploy step that writes packs', () => {
  it('may write pack items and pack and form-version objects, and nothing of a case', () => {
    const statements = statementsFor('staff-studio');
    expect(statements.filter((s) => s.Effect === 'Deny')).toEqual([]);
    const packPuts = allowing(statements, 'dynamodb:PutItem').filter((s) => leadingKeys(s)?.some((pattern) => matches(pattern, keys.pack('demo'))));
    expect(packPuts.length).toBeGreaterThan(0);
    expect(allowing(statements, 'dynamodb:PutItem').flatMap((s) => leadingKeys(s) ?? ['<any key>'])).toEqual(expect.not.arrayContaining(['<any key>', keys.case('*', '*')]));
    expect(allowing(statements, 's3:PutObject').flatMap((s) => asArray(s.Resource)).map((r) => JSON.stringify(r))).toEqual([JSON.stringify(objects(packObjectPattern)), JSON.stringify(objects(formVersionsPattern))]);
  });
});
