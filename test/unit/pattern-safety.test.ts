import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exponentialRisk, unsafePatterns } from '../../functions/domain/forms/pattern-safety.ts';
import { projectRoot } from '../../local/stack.ts';

/** Patterns known to backtrack exponentially (or with a high power of the length) on a failing answer. */
const CATASTROPHIC = [
  '^(a+)+$',
  '^(\\d+ ?)+$',
  '^(\\w|\\d)+$',
  '^(a|a)*$',
  '^(a*)*$',
  '^(\\s*\\w+)*$',
  '^([a-z]+\\s?)+$',
  '^(\\d+\\d+)*$',
  '^(a?a?)+$',
  '^(a|aa)+$',
  '^(ab|a|b)+$',
  // Strict: safe, but an optional part inside a loop must be decided by its next character.
  '^(\\d?\\d\\.)+$',
  '^(.*a){12}$',
  '^(\\p{L}+ ?)+$',
  '(?=(a+)+$)',
  // The classic email validator from the OWASP ReDoS page.
  '^([a-zA-Z0-9])(([\\-.]|[_]+)?([a-zA-Z0-9]+))*(@){1}[a-z0-9]+[.]{1}(([a-z]{2,3})|([a-z]{2,3}[.]{1}[a-z]{2,3}))$',
];

/** What packs commonly ask for: phones, postcodes, email-ish, dates, ids. */
const SAFE = [
  '^[+0-9 ()-]{7,20}$',
  '^\\+?\\d+( \\d+)*$',
  '^(\\+44\\s?7\\d{3}|\\(?07\\d{3}\\)?)\\s?\\d{3}\\s?\\d{3}$',
  '^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$',
  '^\\d{5}(-\\d{4})?$',
  '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$',
  '^[\\w.+-]+@[\\w-]+(\\.[\\w-]+)+$',
  '^\\d{4}-\\d{2}-\\d{2}$',
  '^(?<year>\\d{4})-(?<month>0[1-9]|1[0-2])-(?<day>0[1-9]|[12]\\d|3[01])$',
  '^(\\d{1,3}\\.){3}\\d{1,3}$',
  '^[a-z0-9][a-z0-9-]{0,62}$',
  '^[a-z]+(-[a-z]+)*$',
  '^(/[^/]+)+$',
  // Alternatives that start alike but part within a few characters, counting what follows them.
  '^(a|ab)+$',
  '^((\\d|\\d\\d)\\.)+$',
  '^(?:(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]\\d|\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)$',
  '^(?:\\/(?:[^~/]|~0|~1)*)*$',
  '^[\\p{L} \'-]+$',
  '^#[0-9a-fA-F]{6}$',
  '^\\u{1F600}+$',
  'abc',
];

describe('exponentialRisk', () => {
  it.each(CATASTROPHIC)('refuses %s, saying where', (pattern) => {
    expect(exponentialRisk(pattern)).toMatch(/^inside ".+", (two alternatives can both|".+" can (go on or stop at the same|repeat without))/);
  });

  it.each(SAFE)('accepts %s', (pattern) => {
    expect(exponentialRisk(pattern)).toBeUndefined();
  });

  it('says which part can go two ways', () => {
    expect(exponentialRisk('^(a+)+$')).toBe('inside "(a+)+", "a+" can go on or stop at the same "a"');
    expect(exponentialRisk('^(\\w|\\d)+$')).toBe('inside "(\\w|\\d)+", two alternatives can both start with "0"');
  });

  it('knows what a Unicode property class holds, astral planes included', () => {
    expect(exponentialRisk('^(\\p{L}|é)+$')).toContain('both start with U+00E9');
    expect(exponentialRisk('^(\\p{L}|\\u{20000})+$')).toContain('both start with U+20000');
    expect(exponentialRisk('^(\\P{L}|\\u{1F600})+$')).toContain('both start with U+1F600');
    expect(exponentialRisk('^(\\p{L}|1)+$')).toBeUndefined();
    expect(exponentialRisk('^(\\p{L}|\\u{1F600})+$')).toBeUndefined();
  });

  it('leaves a pattern that is not a regular expression to ajv, which refuses the schema', () => {
    expect(exponentialRisk('^(a')).toBeUndefined();
  });
});

describe('unsafePatterns', () => {
  it('names the pointer and the pattern, in pattern, patternProperties keys, nested schemas and risk flags', () => {
    const schema = {
      type: 'object',
      patternProperties: { '^(x+)+$': { type: 'string' } },
      properties: {
        phone: { type: 'string', pattern: '^(\\d+ ?)+$' },
        safe: { type: 'string', pattern: '^\\d+( \\d+)*$' },
        // Data is not a schema: a "pattern" in a const or an example is never run.
        note: { const: { pattern: '^(a+)+$' } },
      },
      $defs: { code: { items: { pattern: '^(a|a)*$' } } },
      examples: [{ pattern: '^(a+)+$' }],
      'x-caseforms': { scoring: { flags: [{ id: 'f', when: { properties: { phone: { pattern: '^(a*)*$' } } } }] } },
    };
    const problems = unsafePatterns(schema);
    expect(problems.map((problem) => problem.pointer)).toEqual([
      '/patternProperties/^(x+)+$',
      '/properties/phone/pattern',
      '/$defs/code/items/pattern',
      '/x-caseforms/scoring/flags/0/when/properties/phone/pattern',
    ]);
    expect(problems[1]!.message).toBe('this pattern can take exponential time on some answers: "^(\\d+ ?)+$" (inside "(\\d+ ?)+", "\\d+" can go on or stop at the same "0"); rewrite it so that each character can be matched only one way');
  });

  it('finds nothing in the shipped packs and the test fixtures', () => {
    const dirs = [join(projectRoot, 'form-schemas'), join(projectRoot, 'test', 'fixtures', 'packs')];
    const files = dirs.flatMap((dir) => readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.json')).map((file) => join(dir, file)));
    const withPatterns = files.filter((file) => readFileSync(file, 'utf8').includes('"pattern'));
    expect(withPatterns.length).toBeGreaterThan(2);
    for (const file of withPatterns) expect([file, unsafePatterns(JSON.parse(readFileSync(file, 'utf8')))]).toEqual([file, []]);
  });
});

describe('why: the platform engine backtracks', () => {
  it('a refused pattern does not answer a 41-character ReDoS string within 2 s, where a safe rewrite answers at once', () => {
    const run = (pattern: string) => spawnSync(process.execPath, ['-e', `process.exit(new RegExp(${JSON.stringify(pattern)}, 'u').test('1'.repeat(40) + '!') ? 1 : 0)`], { timeout: 2_000 });
    const hung = run('^(\\d+ ?)+$');
    expect(hung.signal).toBe('SIGTERM');
    const started = performance.now();
    const answered = run('^\\d+( \\d+)*$');
    expect(answered.status).toBe(0);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
