import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

// `npm test` runs `npm run lint:boundaries` on the real tree, which must come out clean. Here the same rules
// (.dependency-cruiser.cjs) run on a small tree with one planted violation of each, so a rule that stops biting fails.
const root = join(import.meta.dirname, '..', '..');
const depcruise = join(root, 'node_modules', '.bin', 'depcruise');

interface Violation {
  readonly from: string;
  readonly to: string;
  readonly rule: { readonly name: string };
}

function cruise(files: Readonly<Record<string, string>>): Violation[] {
  const dir = mkdtempSync(join(tmpdir(), 'caseforms-boundaries-'));
  copyFileSync(join(root, 'tsconfig.json'), join(dir, 'tsconfig.json'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  let output: string;
  try {
    output = execFileSync(depcruise, ['functions', 'local', 'infra', 'scripts', 'bench', '--config', join(root, '.dependency-cruiser.cjs'), '--output-type', 'json'], { cwd: dir, encoding: 'utf8' });
  } catch (error) {
    // depcruise exits non-zero when it finds errors; the report is still on stdout.
    output = (error as { stdout: string }).stdout;
  }
  return (JSON.parse(output) as { summary: { violations: Violation[] } }).summary.violations;
}

const planted = {
  'functions/adapters/aws/store.ts': "import { S3Client } from '@aws-sdk/client-s3';\nimport { page } from '../../web/http/page.ts';\nexport const store = () => [S3Client, page];\n",
  'functions/domain/cases/rule.ts': "import { store } from '../../adapters/aws/store.ts';\nexport const rule = () => store;\n",
  'functions/domain/forms/form.ts': "import { page } from '../../web/http/page.ts';\nexport const form = () => page;\n",
  'functions/web/http/page.ts': "export const page = () => 'page';\n",
  'functions/web/staff/session.ts': "import { store } from '../../adapters/aws/store.ts';\nexport const session = () => store;\n",
  'functions/contracts/limits.ts': "import { rule } from '../domain/cases/rule.ts';\nexport const limits = rule;\n",
  'functions/handlers/handler.ts': "import { S3Client } from '@aws-sdk/client-s3';\nimport { local } from '../../local/stack.ts';\nimport { rule } from '../domain/cases/rule.ts';\nimport { form } from '../domain/forms/form.ts';\nimport { session } from '../web/staff/session.ts';\nimport { limits } from '../contracts/limits.ts';\nexport const handler = () => [S3Client, local, rule, form, session, limits];\n",
  'functions/domain/outcomes/a.ts': "import { b } from '../exports/b.ts';\nexport const a = () => b;\n",
  'functions/domain/exports/b.ts': "import { a } from '../outcomes/a.ts';\nexport const b = () => a;\n",
  'functions/domain/delivery/unused.ts': "export const nobodyImportsThis = 1;\n",
  'local/stack.ts': "export const local = 'local';\n",
  'infra/stack.ts': "import { local } from '../local/stack.ts';\nimport { script } from '../scripts/script.ts';\nexport const stack = [local, script];\n",
  'scripts/script.ts': "import { helper } from '../test/helper.ts';\nexport const script = helper;\n",
  'test/helper.ts': "export const helper = 'helper';\n",
  'bench/run.ts': "import { helper } from '../test/helper.ts';\nexport const run = helper;\n",
};

describe('the boundary check (dependency-cruiser)', () => {
  const violations = cruise(planted);
  const by = (rule: string) => violations.filter((violation) => violation.rule.name === rule).map((violation) => `${violation.from} -> ${violation.to}`);

  it('refuses domain code that imports an adapter or web code', () => {
    expect(by('domain-knows-no-aws-and-no-http').sort()).toEqual([
      'functions/domain/cases/rule.ts -> functions/adapters/aws/store.ts',
      'functions/domain/forms/form.ts -> functions/web/http/page.ts',
    ]);
  });

  it('keeps every layer to the layers below it', () => {
    expect(by('contracts-and-observability-stand-alone')).toEqual(['functions/contracts/limits.ts -> functions/domain/cases/rule.ts']);
    expect(by('adapters-know-no-web-and-no-handlers')).toEqual(['functions/adapters/aws/store.ts -> functions/web/http/page.ts']);
    expect(by('web-knows-no-adapters')).toEqual(['functions/web/staff/session.ts -> functions/adapters/aws/store.ts']);
  });

  it('refuses the AWS SDK outside functions/adapters/aws/', () => {
    expect(by('only-adapters-import-the-aws-sdk')).toEqual([expect.stringMatching(/^functions\/handlers\/handler\.ts -> .*@aws-sdk\/client-s3/)]);
  });

  it('refuses production code that imports the local stack, infra that imports local or scripts, scripts that import tests', () => {
    expect(by('functions-never-import-local-infra-scripts-or-tests')).toEqual(['functions/handlers/handler.ts -> local/stack.ts']);
    expect(by('infra-never-imports-local-or-scripts').sort()).toEqual(['infra/stack.ts -> local/stack.ts', 'infra/stack.ts -> scripts/script.ts']);
    expect(by('scripts-and-bench-never-import-tests').sort()).toEqual(['bench/run.ts -> test/helper.ts', 'scripts/script.ts -> test/helper.ts']);
  });

  it('refuses cycles between modules and between folders, and modules nothing imports', () => {
    expect(by('no-import-cycles').length).toBeGreaterThan(0);
    expect(by('no-folder-cycles').length).toBeGreaterThan(0);
    expect(by('no-orphans-in-functions')).toEqual(['functions/domain/delivery/unused.ts -> functions/domain/delivery/unused.ts']);
  });

  it('finds nothing else in the planted tree', () => {
    const rules = new Set(violations.map((violation) => violation.rule.name));
    expect([...rules].sort()).toEqual([
      'adapters-know-no-web-and-no-handlers', 'contracts-and-observability-stand-alone', 'domain-knows-no-aws-and-no-http',
      'functions-never-import-local-infra-scripts-or-tests', 'infra-never-imports-local-or-scripts', 'no-folder-cycles', 'no-import-cycles',
      'no-orphans-in-functions', 'only-adapters-import-the-aws-sdk', 'scripts-and-bench-never-import-tests', 'web-knows-no-adapters',
    ]);
  });
});
