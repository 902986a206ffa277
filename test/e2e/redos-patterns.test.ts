import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatProblem, lintForms } from '../../functions/domain/forms/lint.ts';
import { projectRoot, type LocalStack } from '../../local/stack.ts';
import { formsDirWithHarbor, harborApiKeyHeader, harborPackDir } from '../support/harbor-pack.ts';
import { post, startTestStack } from '../support/test-stack.ts';

// A third agency, Wharf (a copy of Harbor written here), whose public `callback` form asks for a phone number with a
// pattern that backtracks exponentially, and whose intake asks for it with a safe rewrite of the same pattern.
// Before pattern-safety.ts the stack served `callback`, and one POST of REDOS below held the function for minutes
// (test/unit/pattern-safety.test.ts shows the engine hanging on it in a child process).
const CATASTROPHIC = '^(\\d+ ?)+$';
const SAFE = '^\\+?\\d+( \\d+)*$';
const REDOS = `${'1'.repeat(40)}!`;

let stack: LocalStack;
const formsDir = formsDirWithHarbor();
const wharf = join(formsDir, 'wharf');
const wharfForm = (formId: string) => join(wharf, 'forms', `${formId}.json`);
const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Record<string, any>;

beforeAll(async () => {
  cpSync(harborPackDir, wharf, { recursive: true });
  writeFileSync(join(wharf, 'agency.json'), JSON.stringify({ ...readJson(join(wharf, 'agency.json')), id: 'wharf', name: 'Wharf Tenant Aid' }, null, 2));
  const intake = readJson(wharfForm('intake'));
  intake.properties.phone.pattern = SAFE;
  writeFileSync(wharfForm('intake'), JSON.stringify(intake, null, 2));
  const callback = structuredClone(intake);
  callback.title = 'Call me back';
  callback.properties.phone.pattern = CATASTROPHIC;
  callback.examples = callback.examples.map((example: Record<string, unknown>) => ({ ...example, phone: '555 0177' }));
  writeFileSync(wharfForm('callback'), JSON.stringify(callback, null, 2));
  stack = await startTestStack({ formsDir, documentWorker: false });
});
afterAll(async () => { await stack?.stop(); });

async function timedPost(path: string, body: unknown) {
  const started = performance.now();
  // Wharf is a copy of Harbor: its JSON API asks for Harbor's key.
  const response = await post(stack, path, { body: JSON.stringify(body), headers: harborApiKeyHeader });
  return { ...response, elapsed: performance.now() - started };
}

describe('patterns cannot hang the validator', () => {
  it('lint:forms refuses the catastrophic pattern, naming the file, the pointer and the pattern, and only it', () => {
    const lines = lintForms(formsDir, join(projectRoot, 'templates')).map(formatProblem).filter((line) => line.includes('exponential'))
      // The line and column are the pattern's in the file; lint-forms.test.ts checks positions.
      .map((line) => line.replace(/:\d+:\d+ (\S+) /, ': $1: '));
    expect(lines).toEqual([
      `${basename(formsDir)}/wharf/forms/callback.json: /properties/phone/pattern: this pattern can take exponential time on some answers: "${CATASTROPHIC}" (inside "(\\d+ ?)+", "\\d+" can go on or stop at the same "0"); rewrite it so that each character can be matched only one way`,
    ]);
  });

  it('never serves the form: 503 on its API and its page, at once, even for the answer that would hang it', async () => {
    expect((await fetch(`${stack.url}/agencies/wharf/forms/callback`)).status).toBe(503);
    expect((await fetch(`${stack.url}/intake/wharf/callback`)).status).toBe(503);
    const example = readJson(wharfForm('callback')).examples[0] as Record<string, unknown>;
    // The first request builds the submit function's parts: warm it, so the timing is the answer's alone.
    expect((await timedPost('/agencies/wharf/forms/callback/submissions', example)).status).toBe(503);
    const response = await timedPost('/agencies/wharf/forms/callback/submissions', { ...example, phone: REDOS });
    expect(response.status).toBe(503);
    expect(response.json).toMatchObject({ type: 'urn:caseforms:problem:form-unavailable' });
    expect(response.elapsed).toBeLessThan(500);
  });

  it('keeps the agency\'s other forms working', async () => {
    expect((await fetch(`${stack.url}/agencies/wharf/forms/intake`)).status).toBe(200);
    const example = readJson(wharfForm('intake')).examples[0] as Record<string, unknown>;
    expect((await post(stack, '/agencies/wharf/forms/intake/submissions', { body: JSON.stringify(example), headers: harborApiKeyHeader })).status).toBe(201);
    expect((await fetch(`${stack.url}/agencies/harbor/forms/intake`)).status).toBe(200);
  });

  it('answers the ReDoS string on the form with the safe pattern with its 422 in milliseconds', async () => {
    const example = readJson(wharfForm('intake')).examples[0] as Record<string, unknown>;
    expect((await timedPost('/agencies/wharf/forms/intake/submissions', { ...example, phone: 'warm-up' })).status).toBe(422);
    for (const phone of [REDOS, `${'1'.repeat(5_000)}!`, `${'1 '.repeat(2_000)}!`]) {
      const response = await timedPost('/agencies/wharf/forms/intake/submissions', { ...example, phone });
      expect(response.status).toBe(422);
      expect(JSON.stringify(response.json)).toContain('/phone');
      expect(response.elapsed).toBeLessThan(500);
    }
  });

  it('reports the refusal on /health with the reason', async () => {
    const health = await (await fetch(`${stack.url}/health`)).json() as { status: string; refused: Array<Record<string, string>> };
    expect(health.status).toBe('degraded');
    expect(health.refused).toEqual([
      expect.objectContaining({ agencyId: 'wharf', formId: 'callback', file: join('wharf', 'forms', 'callback.json'), reason: expect.stringContaining('/properties/phone/pattern: this pattern can take exponential time on some answers') }),
    ]);
  });
});
