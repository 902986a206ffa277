import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { Ajv2020, AnySchema, ValidateFunction } from 'ajv/dist/2020.js';
import { afterAll, describe, expect, it } from 'vitest';
import { createAjv } from '../../functions/domain/forms/validator.ts';
import { knownFailures, type KnownFailure } from './known-failures.ts';

/**
 * The official JSON Schema Test Suite, draft 2020-12, against the validator exactly as the service builds it:
 * every schema is compiled by an Ajv from `createAjv()`, so a change to the service's configuration shows up here.
 * Required tests (tests/draft2020-12/*.json) must pass unless listed in known-failures.ts, and a listed one must
 * still fail the way the list says. Optional tests (tests/draft2020-12/optional/**) are run and counted only.
 */

// Same as `projectRoot` in local/stack.ts, computed here so the suite does not load the whole local stack.
const projectRoot = resolve(import.meta.dirname, '..', '..');
// A copy of the suite's data lives in the repository, so a fresh clone anywhere runs it (its README names the commit).
const suiteRoot = join(projectRoot, 'test', 'conformance', 'json-schema-test-suite');
const testsDir = join(suiteRoot, 'tests', 'draft2020-12');
const optionalDir = join(testsDir, 'optional');
const remotesDir = join(suiteRoot, 'remotes');
/** The upstream harness serves remotes/ under this base; here they are added to each Ajv with addSchema instead. */
const REMOTE_BASE = 'http://localhost:1234/';
const KNOWN_FAILURES_FILE = 'test/conformance/known-failures.ts';

interface SuiteTest {
  readonly description: string;
  readonly data: unknown;
  readonly valid: boolean;
}

interface SuiteGroup {
  readonly description: string;
  readonly schema: AnySchema;
  readonly tests: readonly SuiteTest[];
}

interface SuiteFile {
  /** Path relative to tests/draft2020-12, with forward slashes: 'ref.json', 'optional/format/email.json'. */
  readonly name: string;
  readonly groups: readonly SuiteGroup[];
}

/** What happened to one test case: passed, or failed in one of the three ways a known failure can name. */
type Outcome =
  | { readonly ok: true }
  | { readonly ok: false; readonly fails: 'refused'; readonly detail: string }
  | { readonly ok: false; readonly fails: 'wrong'; readonly detail: string }
  | { readonly ok: false; readonly fails: 'throws'; readonly detail: string };

type Compiled = { readonly validate: ValidateFunction } | { readonly error: string };

function jsonFilesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return jsonFilesUnder(path);
      return name.endsWith('.json') ? [path] : [];
    });
}

function toPosix(path: string): string {
  return path.split(sep).join('/');
}

function readSuiteFile(path: string): SuiteFile {
  return { name: toPosix(relative(testsDir, path)), groups: JSON.parse(readFileSync(path, 'utf8')) as SuiteGroup[] };
}

/** Fails the calling test with a clear message when the suite's data is not where it should be. */
function requireSuite(): void {
  if (!suitePresent) {
    throw new Error(
      `JSON Schema Test Suite not found: expected ${testsDir}. ` +
        'It is kept in the repository at test/conformance/json-schema-test-suite (tests/, remotes/); restore it from git.',
    );
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const suitePresent = existsSync(testsDir);
const requiredFiles: SuiteFile[] = suitePresent
  ? readdirSync(testsDir)
      .filter((name) => name.endsWith('.json'))
      .sort()
      .map((name) => readSuiteFile(join(testsDir, name)))
  : [];
const optionalFiles: SuiteFile[] =
  suitePresent && existsSync(optionalDir) ? jsonFilesUnder(optionalDir).map(readSuiteFile) : [];
const remotes: { readonly url: string; readonly schema: AnySchema }[] =
  suitePresent && existsSync(remotesDir)
    ? jsonFilesUnder(remotesDir).map((path) => ({
        url: REMOTE_BASE + toPosix(relative(remotesDir, path)),
        schema: JSON.parse(readFileSync(path, 'utf8')) as AnySchema,
      }))
    : [];

/**
 * Runs the groups of one suite file. One Ajv from createAjv() per file (its first compile pays for the meta-schema);
 * between groups `removeSchema()` drops every schema the previous group added, so $ids cannot collide.
 */
class FileRunner {
  private ajv: Ajv2020 | undefined;
  private readonly compiled = new Map<SuiteGroup, Compiled>();

  /** Remotes that this configuration cannot load (other drafts' meta-schemas), reported once. */
  static readonly unloadableRemotes = new Map<string, string>();

  compile(group: SuiteGroup): Compiled {
    let result = this.compiled.get(group);
    if (result) return result;
    const ajv = this.ajv ?? (this.ajv = createAjv());
    ajv.removeSchema();
    // Only a schema that names the remote base can reach a remote; skipping the rest keeps the run fast.
    if (JSON.stringify(group.schema).includes(REMOTE_BASE)) {
      for (const remote of remotes) {
        try {
          ajv.addSchema(remote.schema, remote.url);
        } catch (error) {
          FileRunner.unloadableRemotes.set(remote.url, message(error));
        }
      }
    }
    try {
      result = { validate: ajv.compile(group.schema) };
    } catch (error) {
      result = { error: message(error) };
    }
    this.compiled.set(group, result);
    return result;
  }

  run(group: SuiteGroup, test: SuiteTest): Outcome {
    const compiled = this.compile(group);
    if ('error' in compiled) return { ok: false, fails: 'refused', detail: `schema does not compile: ${compiled.error}` };
    let valid: boolean;
    try {
      valid = compiled.validate(test.data) as boolean;
    } catch (error) {
      return { ok: false, fails: 'throws', detail: `validate() throws: ${message(error)}` };
    }
    if (valid === test.valid) return { ok: true };
    return { ok: false, fails: 'wrong', detail: `validate() returned ${valid}, the suite expects ${test.valid}` };
  }
}

const keyOf = (file: string, group: string, test?: string) => [file, group, test ?? '*'].join('\u0000');
const knownByKey = new Map<string, KnownFailure>();
const duplicateEntries: KnownFailure[] = [];
for (const entry of knownFailures) {
  const key = keyOf(entry.file, entry.group, entry.test);
  if (knownByKey.has(key)) duplicateEntries.push(entry);
  knownByKey.set(key, entry);
}
const knownFor = (file: string, group: string, test: string) =>
  knownByKey.get(keyOf(file, group, test)) ?? knownByKey.get(keyOf(file, group));

const tally = { passed: 0, knownFailures: 0, unexpected: 0 };
let optionalTally: { passed: number; total: number } | undefined;

afterAll(() => {
  const optional = optionalTally ? `optional ${optionalTally.passed}/${optionalTally.total} passed` : 'optional not run';
  const unexpected = tally.unexpected ? `, ${tally.unexpected} UNEXPECTED results (see the failed tests)` : '';
  console.log(
    `JSON Schema Test Suite draft2020-12: required ${tally.passed} passed, ${tally.knownFailures} known failures ` +
      `(listed: ${knownFailures.length} entries in ${KNOWN_FAILURES_FILE})${unexpected}, ${optional}`,
  );
  if (FileRunner.unloadableRemotes.size) {
    const urls = [...FileRunner.unloadableRemotes.keys()];
    const folders = [...new Set(urls.map((url) => `${url.slice(REMOTE_BASE.length).split('/')[0]}/`))];
    console.log(`${urls.length} remotes of other drafts could not be added to the service's Ajv2020: ${folders.join(', ')}`);
  }
});

describe('JSON Schema Test Suite draft2020-12', () => {
  it('is present', () => {
    requireSuite();
    expect(requiredFiles.length, `no *.json test files in ${testsDir}`).toBeGreaterThan(0);
    expect(remotes.length, `no remote schemas in ${remotesDir}`).toBeGreaterThan(0);
  });

  it(`${KNOWN_FAILURES_FILE} names only tests that exist, each once`, () => {
    requireSuite();
    const existing = new Set<string>();
    for (const file of requiredFiles) {
      for (const group of file.groups) {
        existing.add(keyOf(file.name, group.description));
        for (const test of group.tests) existing.add(keyOf(file.name, group.description, test.description));
      }
    }
    const stale = knownFailures.filter((entry) => !existing.has(keyOf(entry.file, entry.group, entry.test)));
    const show = (entry: KnownFailure) => `${entry.file} / ${entry.group}${entry.test === undefined ? '' : ` / ${entry.test}`}`;
    expect(stale.map(show), 'entries that match no required test (renamed upstream? remove or fix them)').toEqual([]);
    expect(duplicateEntries.map(show), 'entries listed twice').toEqual([]);
    const groupWide = knownFailures.filter((entry) => entry.test === undefined && entry.fails !== 'refused');
    expect(groupWide.map(show), "an entry without `test` covers a whole group, so it must be fails: 'refused'").toEqual([]);
  });

  for (const file of requiredFiles) {
    describe(file.name, () => {
      const runner = new FileRunner();
      for (const group of file.groups) {
        describe(group.description, () => {
          for (const test of group.tests) {
            const known = knownFor(file.name, group.description, test.description);
            if (!known) {
              it(test.description, () => {
                const outcome = runner.run(group, test);
                if (!outcome.ok) tally.unexpected++;
                expect(outcome, outcome.ok ? '' : outcome.detail).toEqual({ ok: true });
                tally.passed++;
              });
            } else {
              it(`${test.description} [known failure: ${known.fails}]`, () => {
                const outcome = runner.run(group, test);
                if (outcome.ok) {
                  tally.unexpected++;
                  throw new Error(
                    `now passes: remove this entry from ${KNOWN_FAILURES_FILE} (its reason was: ${known.reason})`,
                  );
                }
                if (outcome.fails !== known.fails) {
                  tally.unexpected++;
                  throw new Error(
                    `fails differently now (${outcome.detail}), not '${known.fails}' as ${KNOWN_FAILURES_FILE} says ` +
                      `(${known.reason}): update the entry`,
                  );
                }
                tally.knownFailures++;
              });
            }
          }
        });
      }
    });
  }

  it('optional tests (reported, not required)', () => {
    requireSuite();
    const lines: string[] = [];
    let passed = 0;
    let total = 0;
    for (const file of optionalFiles) {
      const runner = new FileRunner();
      let filePassed = 0;
      let fileTotal = 0;
      const reasons = new Map<string, number>();
      for (const group of file.groups) {
        for (const test of group.tests) {
          const outcome = runner.run(group, test);
          fileTotal++;
          if (outcome.ok) filePassed++;
          else {
            // Strip paths and quoted names so one cause counts once: "missing type ... (strictTypes)" and the like.
            const cause = outcome.detail.replace(/ at (path )?"[^"]*"/g, '');
            reasons.set(cause, (reasons.get(cause) ?? 0) + 1);
          }
        }
      }
      passed += filePassed;
      total += fileTotal;
      const top = [...reasons].sort((a, b) => b[1] - a[1])[0];
      const mostly = top ? `  (${top[1]}x ${top[0].length > 110 ? `${top[0].slice(0, 110)}…` : top[0]})` : '';
      lines.push(`  ${file.name}: ${filePassed}/${fileTotal}${mostly}`);
    }
    optionalTally = { passed, total };
    console.log(`JSON Schema Test Suite draft2020-12 optional: ${passed}/${total} passed\n${lines.join('\n')}`);
    expect(total, `no optional tests found under ${optionalDir}`).toBeGreaterThan(0);
  });
});
