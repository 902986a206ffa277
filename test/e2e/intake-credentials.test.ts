import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { intakeCredentialHeaders, PAGE_TOKEN_LIFETIME_SECONDS } from '../../functions/contracts/intake-credentials.ts';
import { bucketKeys, itemsOfType, queueDepth, tableItems } from '../../local/aws-readback.ts';
import type { LocalStack } from '../../local/stack.ts';
import { formsDirWithHarbor, HARBOR_API_KEY, harborPackDir } from '../support/harbor-pack.ts';
import { restoreClock, setClock } from '../support/test-clock.ts';
import { demoExample, startTestStack, SUBMIT_PATH } from '../support/test-stack.ts';

// Issue 19 part 8: Harbor's pack sets intake.jsonApi "token", so its JSON submit API takes an intake only with a page
// token its intake page issued for that form, or one of its API keys. A second public form (callback, added to the
// copy of the pack here) proves a token is bound to its form. The demo agency stays open.
let stack: LocalStack;
const HARBOR_API = '/agencies/harbor/forms/intake/submissions';
const intakeAnswers = JSON.parse(readFileSync(join(harborPackDir, 'forms', 'intake.json'), 'utf8')).examples[0] as Record<string, unknown>;

beforeAll(async () => {
  const formsDir = formsDirWithHarbor();
  const callback = JSON.parse(readFileSync(join(formsDir, 'harbor', 'forms', 'intake.json'), 'utf8'));
  writeFileSync(join(formsDir, 'harbor', 'forms', 'callback.json'), JSON.stringify({ ...callback, title: 'Call me back' }, null, 2));
  // No worker: every job an accepted intake queues stays in the queue, where the test counts it.
  // No sweeps either: a re-enqueued job would change the count between two reads.
  stack = await startTestStack({ formsDir, documentWorker: false, sweepIntervalMs: 3_600_000 });
});
afterEach(() => restoreClock());
afterAll(async () => { await stack?.stop(); });

/** What storage holds: cases in the table, raw bodies in the bucket, jobs in the queue. */
async function stored() {
  const items = await tableItems(stack.resources.tableName);
  const raw = (await bucketKeys(stack.resources.bucketName)).filter((key) => key.includes('/submissions/'));
  return { cases: itemsOfType(items, 'case').length, raw: raw.length, queued: await queueDepth(stack.resources.documentQueueUrl) };
}

async function submit(path: string, headers: Record<string, string>, body: unknown = intakeAnswers) {
  const response = await fetch(`${stack.url}${path}`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'accept-language': 'fr', ...headers }, body: JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, json: (await response.json()) as Record<string, any> };
}

/** The page token the intake page carries for its agency's own site or app, as such a script reads it. */
async function pageToken(formId: string): Promise<string> {
  const page = await fetch(`${stack.url}/intake/harbor/${formId}`);
  expect(page.status).toBe(200);
  const token = /<meta name="caseforms-page-token" content="([^"]+)">/.exec(await page.text())?.[1];
  expect(token, 'the page carries a page token').toBeDefined();
  return token!;
}

/** A refusal: 401, a French problem body that says what is wrong in plain words, and nothing stored or queued. */
async function expectRefused(headers: Record<string, string>, detail: RegExp) {
  const before = await stored();
  const answer = await submit(HARBOR_API, headers);
  expect(answer.status, JSON.stringify(answer.json)).toBe(401);
  expect(answer.headers.get('content-type')).toContain('application/problem+json');
  expect(answer.headers.get('content-language')).toBe('fr');
  expect(answer.json).toMatchObject({ type: 'urn:caseforms:problem:unauthorized', title: 'Non autorisé', status: 401 });
  expect(answer.json.detail).toMatch(detail);
  expect(answer.json.detail).toContain("Rien n'a été enregistré");
  expect(await stored()).toEqual(before);
}

describe('Harbor (jsonApi: token): its JSON submit API', () => {
  it('refuses an intake with neither a page token nor an API key, naming both headers, in French; nothing stored, no job', async () => {
    await expectRefused({}, /X-Caseforms-Page-Token.*X-Caseforms-Api-Key.*Aucun des deux n'a été envoyé/);
  });

  it('accepts an intake with the page token its intake page gave out, and stores it with its job', async () => {
    const before = await stored();
    const answer = await submit(HARBOR_API, { [intakeCredentialHeaders.pageToken]: await pageToken('intake') });
    expect(answer.status, JSON.stringify(answer.json)).toBe(201);
    const caseId = String(answer.json.caseId);
    const items = await tableItems(stack.resources.tableName);
    expect(itemsOfType(items, 'case').map((item) => item.caseId)).toContain(caseId);
    expect(await stored()).toEqual({ cases: before.cases + 1, raw: before.raw + 1, queued: before.queued + 1 });
  });

  it('refuses a page token once its hour is over', async () => {
    const token = await pageToken('intake');
    setClock(new Date(Date.now() + (PAGE_TOKEN_LIFETIME_SECONDS + 60) * 1000));
    await expectRefused({ [intakeCredentialHeaders.pageToken]: token }, /a expiré.*Ouvrez de nouveau la page/);
  });

  it('refuses the page token of the agency\'s other form, and a token whose expiry was moved', async () => {
    await expectRefused({ [intakeCredentialHeaders.pageToken]: await pageToken('callback') }, /n'a pas été donné par la page de ce formulaire/);
    const [version, expires, nonce, mac] = (await pageToken('intake')).split('.');
    const extended = [version, String(Number(expires) + 86_400), nonce, mac].join('.');
    await expectRefused({ [intakeCredentialHeaders.pageToken]: extended }, /n'a pas été donné par la page de ce formulaire/);
  });

  it('accepts an intake with one of the agency\'s API keys, and refuses a wrong key even beside a valid page token', async () => {
    const before = await stored();
    const accepted = await submit(HARBOR_API, { [intakeCredentialHeaders.apiKey]: HARBOR_API_KEY });
    expect(accepted.status, JSON.stringify(accepted.json)).toBe(201);
    expect(await stored()).toEqual({ cases: before.cases + 1, raw: before.raw + 1, queued: before.queued + 1 });

    await expectRefused({ [intakeCredentialHeaders.apiKey]: `${HARBOR_API_KEY}x` }, /La clé d'API envoyée n'est pas une des clés de cet organisme/);
    await expectRefused({ [intakeCredentialHeaders.apiKey]: 'cfk_guess', [intakeCredentialHeaders.pageToken]: await pageToken('intake') }, /clé d'API/);
  });

  it('checks the credential before the body: a malformed body without one is a 401, not a 400', async () => {
    const response = await fetch(`${stack.url}${HARBOR_API}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"unfinished' });
    expect(response.status).toBe(401);
  });
});

describe('the demo agency (jsonApi open, the default)', () => {
  it('accepts a JSON intake with no credential, and its intake page carries no page token', async () => {
    const before = await stored();
    const answer = await submit(SUBMIT_PATH, {}, demoExample());
    expect(answer.status, JSON.stringify(answer.json)).toBe(201);
    expect(await stored()).toEqual({ cases: before.cases + 1, raw: before.raw + 1, queued: before.queued + 1 });
    const page = await (await fetch(`${stack.url}/intake/demo/intake`)).text();
    expect(page).toContain('name="_token"');
    // The page's script looks for the token's meta tag (its uploads send it along), so the tag itself is what must be absent.
    expect(page).not.toContain('<meta name="caseforms-page-token"');
  });
});
