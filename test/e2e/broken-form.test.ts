import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, cpSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formsBanner } from '../../local/health.ts';
import type { LocalStack } from '../../local/stack.ts';
import { formsDirWithHarbor, harborApiKeyHeader } from '../support/harbor-pack.ts';
import { browse, signIn } from '../support/staff-session.ts';
import { bearer, staffToken } from '../support/staff-tokens.ts';
import { post, startTestStack } from '../support/test-stack.ts';

// Harbor with one staff form whose $ref points nowhere and one public form that is not even JSON, plus a copy of
// harbor (quay) whose agency.json is broken: the form mistakes take out those forms only, the agency.json one its pack.
let stack: LocalStack;
const formsDir = formsDirWithHarbor();
const harborForm = (formId: string) => join(formsDir, 'harbor', 'forms', `${formId}.json`);
const harborExample = () => JSON.parse(readFileSync(harborForm('intake'), 'utf8')).examples[0] as Record<string, unknown>;

beforeAll(async () => {
  const text = readFileSync(harborForm('housing-stability'), 'utf8');
  writeFileSync(harborForm('housing-stability'), text.replace('"#/$defs/frequency"', '"#/$defs/missing"'));
  writeFileSync(harborForm('walk-in'), '{ "title": "Walk-in", "x-caseforms": { "access": "public" }, ');
  cpSync(join(formsDir, 'harbor'), join(formsDir, 'quay'), { recursive: true });
  writeFileSync(join(formsDir, 'quay', 'agency.json'), '{ "id": "quay", ');
  stack = await startTestStack({ formsDir, documentWorker: false });
});
afterAll(async () => { await stack?.stop(); });

async function expectUnavailableProblem(response: Response): Promise<void> {
  expect(response.status).toBe(503);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  expect(await response.json()).toMatchObject({ type: 'urn:caseforms:problem:form-unavailable', title: 'This form is unavailable right now', status: 503 });
}

describe('one broken form never takes its agency down', () => {
  it('keeps the agency\'s other forms working: harbor\'s intake page and submission', async () => {
    expect((await fetch(`${stack.url}/intake/harbor/intake`)).status).toBe(200);
    expect((await fetch(`${stack.url}/agencies/harbor/forms/intake`)).status).toBe(200);
    expect((await post(stack, '/agencies/harbor/forms/intake/submissions', { body: JSON.stringify(harborExample()), headers: harborApiKeyHeader })).status).toBe(201);
  });

  it('answers 503 form-unavailable for the refused public form, on the API and its page; an unknown form stays 404', async () => {
    await expectUnavailableProblem(await fetch(`${stack.url}/agencies/harbor/forms/walk-in`));
    const submitted = await fetch(`${stack.url}/agencies/harbor/forms/walk-in/submissions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    await expectUnavailableProblem(submitted);
    const page = await fetch(`${stack.url}/intake/harbor/walk-in`);
    expect(page.status).toBe(503);
    expect(await page.text()).toContain('unavailable right now');
    expect((await fetch(`${stack.url}/agencies/harbor/forms/no-such-form`)).status).toBe(404);
  });

  it('keeps a refused staff form a 404 on the public routes, which reveal nothing about staff forms', async () => {
    expect((await fetch(`${stack.url}/agencies/harbor/forms/housing-stability`)).status).toBe(404);
    expect((await fetch(`${stack.url}/intake/harbor/housing-stability`)).status).toBe(404);
  });

  it('answers 503 for the refused staff form on the staff API and staff pages, and the case page does not offer it', async () => {
    const intake = await post(stack, '/agencies/harbor/forms/intake/submissions', { body: JSON.stringify(harborExample()), headers: harborApiKeyHeader });
    const { caseId } = intake.json as { caseId: string };
    const token = await staffToken('harbor', ['case-manager'], 'advocate@harbor.example');
    const api = await fetch(`${stack.url}/agencies/harbor/cases/${caseId}/forms/housing-stability/submissions`, {
      method: 'POST', headers: { ...bearer(token), 'content-type': 'application/json' }, body: '{}',
    });
    await expectUnavailableProblem(api);

    const { jar } = await signIn(stack, 'case-manager', { agencyId: 'harbor' });
    const formPage = await browse(stack, jar, `/staff/harbor/cases/${caseId}/forms/housing-stability`);
    expect(formPage.status).toBe(503);
    expect(await formPage.text()).toContain('This form is unavailable right now');
    const casePage = await browse(stack, jar, `/staff/harbor/cases/${caseId}`);
    expect(casePage.status).toBe(200);
    expect(await casePage.text()).not.toContain('/forms/housing-stability');
  });

  it('reports degraded on /health, naming every refused form and the refused agency', async () => {
    const response = await fetch(`${stack.url}/health`);
    expect(response.status).toBe(200);
    const health = await response.json() as { status: string; refused: Array<Record<string, string>> };
    expect(health.status).toBe('degraded');
    expect(health.refused).toEqual(expect.arrayContaining([
      expect.objectContaining({ agencyId: 'harbor', formId: 'housing-stability', file: join('harbor', 'forms', 'housing-stability.json'), reason: expect.stringContaining('missing') }),
      expect.objectContaining({ agencyId: 'harbor', formId: 'walk-in', file: join('harbor', 'forms', 'walk-in.json') }),
      { agencyId: 'quay', file: join('quay', 'agency.json'), reason: expect.any(String) },
    ]));
    expect(health.refused).toHaveLength(3);
  });

  it('lists every agency and every refusal for the start banner', () => {
    expect(stack.agencies.map((agency) => agency.id).sort()).toEqual(['demo', 'harbor']);
    const banner = formsBanner(stack.agencies, stack.refused);
    expect(banner).toContain(`${stack.url}/intake/harbor/intake`);
    expect(banner).toContain(`${stack.url}/intake/demo/intake`);
    expect(banner).toContain('REFUSED (3)');
    expect(banner).toMatch(/harbor\/housing-stability {2}harbor\/forms\/housing-stability\.json: .*missing/);
    expect(banner).toContain('quay (whole agency)');
  });
});

describe('harbor\'s colour on its pages', () => {
  const block = '<style>:root{--brand:#6a1b4d}</style>';
  const allowed = `'sha256-${createHash('sha256').update(':root{--brand:#6a1b4d}').digest('base64')}'`;
  const styleSources = (response: Response) => /style-src ([^;]*)/.exec(response.headers.get('content-security-policy') ?? '')?.[1] ?? '';

  it('sets --brand on the intake page, in a style block its Content-Security-Policy allows', async () => {
    const page = await fetch(`${stack.url}/intake/harbor/intake`);
    expect(await page.text()).toContain(block);
    expect(styleSources(page)).toContain(allowed);
  });

  it('sets it on the staff pages too', async () => {
    const { jar } = await signIn(stack, 'case-manager', { agencyId: 'harbor' });
    const cases = await browse(stack, jar, '/staff/harbor/cases');
    expect(cases.status).toBe(200);
    expect(await cases.text()).toContain(block);
    expect(styleSources(cases)).toContain(allowed);
  });
});
