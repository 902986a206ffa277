import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packKey } from '../../functions/adapters/aws/pack-store.ts';
import { repositoryPacks } from '../../functions/composition/serving-catalog.ts';
import { configVariables, readConfig } from '../../functions/contracts/config.ts';
import { keys } from '../../functions/contracts/table-design.ts';
import { formVersion } from '../../functions/domain/forms/catalog.ts';
import { formVersionKey } from '../../functions/domain/forms/form-versions.ts';
import { packVersion } from '../../functions/domain/forms/pack-files.ts';
import { build, REPOSITORY_PACKS_ID } from '../../functions/handlers/deploy-packs.ts';
import { bucketKeys, tableItems } from '../../local/aws-readback.ts';
import type { LocalStack } from '../../local/stack.ts';
import { formsDirWithHarbor } from '../support/harbor-pack.ts';
import { startTestStack } from '../support/test-stack.ts';
import { waitFor } from '../support/wait.ts';

// The stack serves the packs it started with; the deploy step then deploys an edited copy of them, as a later
// `cdk deploy` of a changed repository would (CloudFormation calls the function with the custom resource's events).
const startedWith = formsDirWithHarbor();
const deployedDir = mkdtempSync(join(tmpdir(), 'caseforms-deploy-packs-'));
cpSync(startedWith, deployedDir, { recursive: true });
const harborIntake = join(deployedDir, 'harbor', 'forms', 'intake.json');
const editedTitle = 'Tenant help request (deployed)';
writeFileSync(harborIntake, readFileSync(harborIntake, 'utf8').replace('"title": "Tenant help request"', `"title": "${editedTitle}"`));

let stack: LocalStack;
beforeAll(async () => { stack = await startTestStack({ formsDir: startedWith }); });
afterAll(async () => { await stack?.stop(); });

/** The function as Lambda would run it, reading the deployed bundle's form-schemas/ (FORMS_DIR) and the stack's table and bucket. */
const deployPacks = build(() => readConfig({ ...process.env, [configVariables.formsDir]: deployedDir }), () => new Date('2026-12-06T10:00:00Z'));

const event = (RequestType: 'Create' | 'Update' | 'Delete'): CloudFormationCustomResourceEvent => ({
  RequestType, ServiceToken: 'arn:aws:lambda:eu-west-1:123456789012:function:provider', ResponseURL: 'https://example.invalid/response',
  StackId: 'arn:aws:cloudformation:eu-west-1:123456789012:stack/caseforms-dev/1', RequestId: `request-${RequestType}`, LogicalResourceId: 'RepositoryPacks',
  ResourceType: 'Custom::RepositoryPacks', ResourceProperties: { ServiceToken: 'provider', PacksVersion: 'v2' },
  ...(RequestType === 'Create' ? {} : { PhysicalResourceId: REPOSITORY_PACKS_ID, OldResourceProperties: { ServiceToken: 'provider', PacksVersion: 'v1' } }),
} as CloudFormationCustomResourceEvent);

const livePointer = async (agencyId: string) =>
  (await tableItems(stack.resources.tableName)).find((item) => item.pk === keys.pack(agencyId) && item.sk === keys.packLive());

async function objectText(key: string): Promise<string> {
  const object = await new S3Client({ forcePathStyle: true }).send(new GetObjectCommand({ Bucket: stack.resources.bucketName, Key: key }));
  return object.Body!.transformToString('utf8');
}

describe('the deploy step (custom resource) publishes the repository packs', () => {
  const harbor = repositoryPacks(deployedDir).get('harbor')!;
  const harborVersion = packVersion(harbor);

  it('on create: the changed pack (harbor) goes live, the unchanged one (demo) is left as it is', async () => {
    const demoBefore = await livePointer('demo');
    expect((await livePointer('harbor'))?.version).not.toBe(harborVersion);

    const response = await deployPacks(event('Create'));

    expect(response).toEqual({ PhysicalResourceId: REPOSITORY_PACKS_ID, Data: { demo: 'unchanged', harbor: 'live' } });
    expect(await livePointer('harbor')).toMatchObject({ version: harborVersion, source: 'repository', by: 'deploy', at: '2026-12-06T10:00:00.000Z' });
    expect(await livePointer('demo')).toEqual(demoBefore);
    // The pack's files under its version, and each of its forms as a form version (old submissions render with it).
    expect(JSON.parse(await objectText(packKey('harbor', harborVersion)))).toEqual({ files: Object.fromEntries(harbor) });
    const intakeText = harbor.get('forms/intake.json')!;
    expect(await objectText(formVersionKey('harbor', 'intake', formVersion(intakeText)))).toBe(intakeText);
  });

  it('is what the running functions serve within their refresh', async () => {
    const schema = await waitFor(async () => {
      const body = await (await fetch(`${stack.url}/agencies/harbor/forms/intake`)).json() as { title?: string };
      return body.title === editedTitle ? body : undefined;
    }, 10_000, 'the deployed harbor intake form');
    expect(schema.title).toBe(editedTitle);
  });

  it('on update with the same packs: nothing changes', async () => {
    const before = await livePointer('harbor');
    const response = await deployPacks(event('Update'));
    expect(response).toEqual({ PhysicalResourceId: REPOSITORY_PACKS_ID, Data: { demo: 'unchanged', harbor: 'unchanged' } });
    expect(await livePointer('harbor')).toEqual(before);
  });

  it('on delete: keeps every pack, pointer and form version, and answers with the same id', async () => {
    const [items, objects] = [await tableItems(stack.resources.tableName), await bucketKeys(stack.resources.bucketName)];
    expect(await deployPacks(event('Delete'))).toEqual({ PhysicalResourceId: REPOSITORY_PACKS_ID });
    expect(await tableItems(stack.resources.tableName)).toEqual(items);
    expect(await bucketKeys(stack.resources.bucketName)).toEqual(objects);
  });
});
