import { describe, expect, it } from 'vitest';
import { keys } from '../../functions/contracts/table-design.ts';
import { rawSubmissionKey } from '../../functions/domain/cases/intake.ts';
import { casePartitionPattern, idempotencyKeyPattern, matchKeyPattern, packKeyPattern, packObjectPattern, rawSubmissionPattern, searchPartitionPattern, uploadKeyPattern } from '../../infra/permissions.ts';
import { dataKey, only, resources, stackSynthesizer, type Resource } from '../support/cdk-template.ts';

const template = stackSynthesizer('intake-permissions')('dev', { stage: 'dev' });
const asArray = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

function statementsFor(handler: string): any[] {
  const found = Object.entries(template.findResources('AWS::Lambda::Function', { Properties: { Description: `caseforms ${handler}` } })) as [string, Resource][];
  expect(found, handler).toHaveLength(1);
  const roleId = found[0]![1].Properties.Role['Fn::GetAtt'][0];
  return resources(template, 'AWS::IAM::Policy')
    .filter(([, policy]) => policy.Properties.Roles.some((role: any) => role.Ref === roleId))
    .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement);
}

const [tableId] = only(template, 'AWS::DynamoDB::Table');
const [keyId] = dataKey(template);
const tableArn = { 'Fn::GetAtt': [tableId, 'Arn'] };
const [uploadsId] = resources(template, 'AWS::S3::Bucket').find(([id]) => id.startsWith('UploadsBucket'))!;
const onUploads = (statement: any): boolean => JSON.stringify(statement.Resource).includes(`"${uploadsId}"`);
/** A StringLike pattern as IAM reads it: `*` is any run of characters. */
const matches = (pattern: string, value: string) => new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`).test(value);

describe.each(['submit', 'intake-post'])('%s, an anonymous intake function', (handler) => {
  const statements = statementsFor(handler);
  // What is allowed; the Deny of pack writes every function carries is checked in test/infra/pack-permissions.test.ts.
  const allowed = statements.filter((s) => s.Effect === 'Allow');
  const onTable = allowed.filter((s) => asArray<string>(s.Action).some((a) => a.startsWith('dynamodb:')));

  it('may only GetItem idempotency and upload records, PutItem case, search-index and idempotency partitions and match keys and UpdateItem upload records inside TransactWriteItems, and BatchGetItem the live packs', () => {
    expect(onTable).toEqual([
      {
        Action: 'dynamodb:GetItem', Effect: 'Allow', Resource: tableArn,
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [idempotencyKeyPattern, uploadKeyPattern] } },
      },
      {
        Action: 'dynamodb:PutItem', Effect: 'Allow', Resource: tableArn,
        Condition: {
          'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [casePartitionPattern, searchPartitionPattern, idempotencyKeyPattern, matchKeyPattern] },
          'ForAnyValue:StringEquals': { 'dynamodb:EnclosingOperation': ['TransactWriteItems'] },
        },
      },
      // Linking the answers' files: the upload record gets the case, in the intake's own transaction only.
      {
        Action: 'dynamodb:UpdateItem', Effect: 'Allow', Resource: tableArn,
        Condition: {
          'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [uploadKeyPattern] },
          'ForAnyValue:StringEquals': { 'dynamodb:EnclosingOperation': ['TransactWriteItems'] },
        },
      },
      {
        Action: 'dynamodb:BatchGetItem', Effect: 'Allow', Resource: tableArn,
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [packKeyPattern] } },
      },
    ]);
  });

  it('has no table-wide or index access: no Query, Scan, DeleteItem, BatchGetItem beyond the live packs, UpdateItem beyond upload records, nothing unconditioned', () => {
    const actions = onTable.flatMap((s) => asArray<string>(s.Action));
    for (const statement of onTable.filter((s) => asArray<string>(s.Action).includes('dynamodb:BatchGetItem'))) {
      expect(statement.Condition['ForAllValues:StringLike']['dynamodb:LeadingKeys']).toEqual([packKeyPattern]);
    }
    for (const statement of onTable.filter((s) => asArray<string>(s.Action).includes('dynamodb:UpdateItem'))) {
      expect(statement.Condition['ForAllValues:StringLike']['dynamodb:LeadingKeys']).toEqual([uploadKeyPattern]);
    }
    for (const action of ['Query', 'Scan', 'BatchWriteItem', 'DeleteItem', 'ConditionCheckItem', 'DescribeTable']) {
      expect(actions, action).not.toContain(`dynamodb:${action}`);
    }
    for (const statement of onTable) {
      expect(statement.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'], JSON.stringify(statement)).toBeDefined();
      expect(asArray(statement.Resource)).toEqual([tableArn]);
    }
  });

  it('reaches exactly the keys an intake writes, and none of the audit, link, suppression or receipt partitions', () => {
    const patterns = [casePartitionPattern, searchPartitionPattern, idempotencyKeyPattern, matchKeyPattern];
    for (const key of [keys.case('demo', 'c-1'), keys.searchTerms('demo', 'jo'), keys.idempotency('demo', 'intake', 'k-1'), keys.matchKey('demo', 'email#ab12')]) {
      expect(patterns.some((pattern) => matches(pattern, key)), key).toBe(true);
    }
    for (const key of [keys.audit('demo', 'c-1'), keys.link('demo', 'abc'), keys.suppression('demo'), keys.receiptCounts('demo', '2026-01-01'), keys.agencyCases('demo'), keys.person('demo', 'p-1'), keys.upload('demo', 'u-1')]) {
      expect(patterns.some((pattern) => matches(pattern, key)), key).toBe(false);
    }
    // Upload records are reached by their own pattern, which reaches nothing of a case.
    expect(matches(uploadKeyPattern, keys.upload('demo', 'u-1'))).toBe(true);
    expect(matches(uploadKeyPattern, keys.case('demo', 'c-1'))).toBe(false);
  });

  it('may only put and delete raw submission bodies in the bucket, and read no object but the published packs', () => {
    const onBucket = allowed.filter((s) => asArray<string>(s.Action).some((a) => a.startsWith('s3:')) && !onUploads(s));
    expect(onBucket).toHaveLength(2);
    expect(asArray(onBucket[0].Action).sort()).toEqual(['s3:DeleteObject', 's3:PutObject']);
    expect(JSON.stringify(onBucket[0].Resource)).toContain(`/${rawSubmissionPattern}`);
    expect(onBucket[1].Action).toBe('s3:GetObject');
    expect(JSON.stringify(onBucket[1].Resource)).toContain(`/${packObjectPattern}`);
    expect(matches(rawSubmissionPattern, rawSubmissionKey('demo', 'c-1', 's-1'))).toBe(true);
  });

  it(handler === 'intake-post' ? 'may put objects in the uploads bucket\'s quarantine only (its refused page presigns the upload forms again)' : 'has nothing in the uploads bucket', () => {
    const expected = handler === 'intake-post'
      ? [{ Action: 's3:PutObject', Effect: 'Allow', Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [uploadsId, 'Arn'] }, '/quarantine/*']] } }]
      : [];
    expect(allowed.filter(onUploads)).toEqual(expected);
  });

  it('may send to the document queue and use the stack key, and nothing else', () => {
    const services = new Set(statements.flatMap((s) => asArray<string>(s.Action)).map((a) => a.split(':')[0]));
    expect([...services].sort()).toEqual(['dynamodb', 'kms', 's3', 'sqs', 'xray']);
    const kms = statements.filter((s) => asArray<string>(s.Action).some((a) => a.startsWith('kms:')));
    for (const statement of kms) expect(statement.Resource).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
    const sqs = statements.flatMap((s) => asArray<string>(s.Action)).filter((a) => a.startsWith('sqs:'));
    expect(sqs).toContain('sqs:SendMessage');
    expect(sqs.filter((a) => /Receive|Delete|Purge/.test(a))).toEqual([]);
  });
});
