import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCatalog, type PackError } from '../../functions/domain/forms/catalog.ts';
import { FormVersionsDeployment, stageFormVersions } from '../../infra/form-versions.ts';
import { repoRoot } from '../../infra/paths.ts';
import { stageSettings } from '../../infra/stage.ts';

const tmpRoot = mkdtempSync(path.join(os.tmpdir(), 'caseforms-form-versions-test-'));
afterAll(() => rmSync(tmpRoot, { recursive: true, force: true }));

let dirs = 0;
const tmpDir = (name: string): string => path.join(tmpRoot, `${name}-${++dirs}`);

/** A copy of the repo's form-schemas, to break or trim without touching the real one. */
function copyOfFormSchemas(): string {
  const dir = tmpDir('form-schemas');
  cpSync(path.join(repoRoot, 'form-schemas'), dir, { recursive: true });
  return dir;
}

function deploy(formsDir: string): FormVersionsDeployment {
  const app = new App({ outdir: tmpDir('cdk.out'), context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'FormVersionsTest');
  const key = new kms.Key(stack, 'Key');
  const bucket = new s3.Bucket(stack, 'Bucket', { encryptionKey: key });
  return new FormVersionsDeployment(stack, 'FormVersions', { formsDir, bucket, key, settings: stageSettings('dev') });
}

describe('form version staging', () => {
  it('fails synth with the pack error when an agency pack is broken, deploying nothing', () => {
    const formsDir = copyOfFormSchemas();
    mkdirSync(path.join(formsDir, 'broken', 'forms'), { recursive: true });
    writeFileSync(path.join(formsDir, 'broken', 'agency.json'), '{ "id": "broken",');

    const reported: PackError[] = [];
    loadCatalog(formsDir, (error) => reported.push(error));
    expect(reported).toHaveLength(1);
    expect(reported[0]!.message).toContain(path.join(formsDir, 'broken', 'agency.json'));

    expect(() => deploy(formsDir)).toThrow(reported[0]!.message);
  });

  it('fails synth when one form of an otherwise valid pack is broken', () => {
    const formsDir = copyOfFormSchemas();
    const bad = path.join(formsDir, 'demo', 'forms', 'zz-bad.json');
    writeFileSync(bad, '{ "type": "object", "properties": ');
    expect(() => deploy(formsDir)).toThrow(bad);
  });

  it('stages a valid catalog, one file per form', () => {
    const formsDir = copyOfFormSchemas();
    const { staged } = deploy(formsDir);
    const forms = loadCatalog(formsDir).agencies().flatMap((pack) => [...pack.forms.values()]);
    expect(staged.map((s) => s.relativePath)).toEqual(forms.map((f) => `${f.agencyId}/${f.formId}/${f.version}.json`).sort());
  });

  it('leaves nothing from an earlier synth in the staging directory', () => {
    const formsDir = copyOfFormSchemas();
    const stagingDir = tmpDir('staging');
    const first = stageFormVersions(formsDir, stagingDir);
    const removed = first[0]!;
    rmSync(path.join(formsDir, removed.agencyId, 'forms', `${removed.formId}.json`));
    writeFileSync(path.join(stagingDir, 'stale.json'), '{}');

    const second = stageFormVersions(formsDir, stagingDir);
    expect(second.map((s) => s.relativePath)).toEqual(first.slice(1).map((s) => s.relativePath));
    expect(existsSync(path.join(stagingDir, removed.relativePath))).toBe(false);
    expect(existsSync(path.join(stagingDir, 'stale.json'))).toBe(false);
    for (const { relativePath } of second) expect(readFileSync(path.join(stagingDir, relativePath)).length).toBeGreaterThan(0);
  });
});
