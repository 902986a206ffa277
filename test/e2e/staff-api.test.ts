import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { routes } from '../../functions/contracts/routes.ts';
import { addDays, localDate } from '../../functions/domain/cases/notice-period.ts';
import { DEV_AUDIENCE, DEV_ISSUER, devSubject } from '../../local/dev-issuer.ts';
import type { LocalStack } from '../../local/stack.ts';
import { startFaultProxy, type FaultProxy } from '../../local/fault-proxy.ts';
import { submitStaffForm } from '../support/staff-api.ts';
import { bearer, staffToken } from '../support/staff-tokens.ts';
import { demoExample, post, startTestStack, SUBMIT_PATH } from '../support/test-stack.ts';
import { waitFor } from '../support/wait.ts';
import { itemsOfType, tableItems } from '../../local/aws-readback.ts';

let stack: LocalStack;
let dynamo: FaultProxy;
let manager: string;
const ana = devSubject('ana@demo.example');
beforeAll(async () => {
  dynamo = await startFaultProxy(inject('emulatorEndpoint'));
  stack = await startTestStack({ serviceEndpoints: { dynamodb: dynamo.endpoint } });
  manager = await staffToken('demo', ['case-manager'], 'ana@demo.example');
});
afterAll(async () => {
  await stack?.stop();
  await dynamo?.stop();
});

async function api(method: string, path: string, token: string | undefined, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${stack.url}${path}`, {
    method,
    headers: { ...(token ? bearer(token) : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const isJson = /json/.test(response.headers.get('content-type') ?? '');
  const text = isJson ? await response.text() : '';
  return { status: response.status, headers: response.headers, json: text ? (JSON.parse(text) as Record<string, any>) : undefined };
}

async function newCase(): Promise<string> {
  const response = await post(stack, SUBMIT_PATH, { body: JSON.stringify(demoExample()) });
  return (response.json as { caseId: string }).caseId;
}

const submitForm = (caseId: string, formId: string, token = manager, headers: Record<string, string> = {}) =>
  submitStaffForm(stack, token, 'demo', caseId, formId, demoExample(formId), headers);

describe('authentication', () => {
  const path = '/agencies/demo/cases';

  it('401 without a token, with a forged, an expired or a wrong-audience token', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const forged = await new SignJWT({ 'custom:agency': 'demo', 'cognito:groups': ['supervisor'] })
      .setProtectedHeader({ alg: 'ES256' }).setIssuer(DEV_ISSUER).setAudience(DEV_AUDIENCE).setSubject('x').setExpirationTime('5m').sign(privateKey);
    const expired = await staffToken('demo', ['supervisor'], 'old@demo.example', '-1m');
    for (const token of [undefined, 'not-a-jwt', forged, expired]) {
      const response = await api('GET', path, token);
      expect(response.status, String(token)).toBe(401);
    }
  });

  it('401 for a token of the right key but another audience or issuer', async () => {
    const { importJWK } = await import('jose');
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { projectRoot } = await import('../../local/stack.ts');
    const jwk = JSON.parse(readFileSync(join(projectRoot, '.local', 'dev-issuer-key.json'), 'utf8'));
    const key = await importJWK(jwk, 'ES256');
    const sign = (issuer: string, audience: string, tokenUse: string | undefined = 'id') => new SignJWT({ 'custom:agency': 'demo', 'cognito:groups': ['supervisor'], ...(tokenUse ? { token_use: tokenUse } : {}) })
      .setProtectedHeader({ alg: 'ES256', kid: jwk.kid }).setIssuer(issuer).setAudience(audience).setSubject('x').setExpirationTime('5m').sign(key);
    expect((await api('GET', path, await sign(DEV_ISSUER, 'another-api'))).status).toBe(401);
    expect((await api('GET', path, await sign('https://elsewhere.example', DEV_AUDIENCE))).status).toBe(401);
    expect((await api('GET', path, await sign(DEV_ISSUER, DEV_AUDIENCE))).status).toBe(200);
  });

  it('401 for a token of the right issuer and audience that is not an ID token (token_use)', async () => {
    // API Gateway's authorizer lets the client's access tokens through (no aud: it checks client_id); the API takes ID tokens only.
    const access = await staffToken('demo', ['supervisor'], 'acc@demo.example', '10m', 'access');
    const response = await api('GET', path, access);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    const { importJWK } = await import('jose');
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { projectRoot } = await import('../../local/stack.ts');
    const jwk = JSON.parse(readFileSync(join(projectRoot, '.local', 'dev-issuer-key.json'), 'utf8'));
    const unmarked = await new SignJWT({ 'custom:agency': 'demo', 'cognito:groups': ['supervisor'] })
      .setProtectedHeader({ alg: 'ES256', kid: jwk.kid }).setIssuer(DEV_ISSUER).setAudience(DEV_AUDIENCE).setSubject('x').setExpirationTime('5m').sign(await importJWK(jwk, 'ES256'));
    expect((await api('GET', path, unmarked)).status).toBe(401);
    expect((await api('GET', path, await staffToken('demo', ['supervisor']))).status).toBe(200);
  });

  it('403 with a valid token whose roles the route does not allow', async () => {
    const caseId = await newCase();
    const intakeWorker = await staffToken('demo', ['intake-worker']);
    const response = await api('GET', `/agencies/demo/cases/${caseId}/audit`, intakeWorker);
    expect(response.status).toBe(403);
    expect(response.json).toMatchObject({ type: 'urn:caseforms:problem:forbidden', status: 403 });
  });
});

describe('tenant isolation, for every staff route in the route table', () => {
  const staffRoutes = routes.filter((route) => route.access === 'staff');

  it.each(staffRoutes.map((route) => [`${route.method} ${route.path}`, route] as const))('%s: another agency\'s token gets 404', async (_, route) => {
    const caseId = await newCase();
    const supervisor = await staffToken('demo', ['supervisor']);
    const intake = await waitFor(async () => {
      const view = await api('GET', `/agencies/demo/cases/${caseId}`, supervisor);
      return view.json!.documents.length > 0 ? view.json! : undefined;
    }, 45_000, 'the intake summary');
    const note = { contactType: 'phone', contactedAt: new Date().toISOString(), narrative: 'Called the client.' };
    // A follow-up to mark done needs a note that asks for one.
    const withFollowUp = route.handler === 'post-follow-up-done' ? { ...note, followUpOn: addDays(localDate(new Date(), 'America/Chicago'), 1) } : note;
    const noteId = route.path.includes('{noteId}') ? (await api('POST', `/agencies/demo/cases/${caseId}/notes`, supervisor, withFollowUp)).json!.note.noteId : '';
    const path = route.path
      .replace('{agencyId}', 'demo').replace('{caseId}', caseId).replace('{formId}', 'assessment')
      .replace('{submissionId}', intake.submissions[0].submissionId).replace('{documentId}', intake.documents[0].documentId).replace('{noteId}', noteId);
    expect(path).not.toContain('{');
    // Each POST gets a body its route accepts: an assignment (a case manager of the pack's staff list), a note, an addendum, or a staff form.
    const body = route.handler === 'assign-cases' ? { caseManager: devSubject('case-manager@demo.caseforms.test'), cases: [{ caseId }] }
      : route.method !== 'POST' ? undefined : path.endsWith('/notes') ? note : path.endsWith('/addenda') ? { text: 'An addendum.' } : demoExample('assessment');
    const everyRole = ['supervisor', 'case-manager', 'agency-admin', 'intake-worker'] as const;

    const outsider = await api(route.method, path, await staffToken('northside', everyRole), body);
    expect(outsider.status).toBe(404);
    expect(outsider.json).toMatchObject({ type: 'urn:caseforms:problem:not-found' });
    // The same request from inside the agency reaches the resource: the 404 above is isolation, not a bad path.
    const insider = await api(route.method, path, await staffToken('demo', everyRole), body);
    expect(insider.status).toBeLessThan(300);
  });
});

describe('the case lifecycle', () => {
  it('moves intake → assessed → planned → active → closed through staff forms, and refuses anything but a legal hold after closure', async () => {
    const caseId = await newCase();
    const early = await submitForm(caseId, 'care-plan');
    expect(early.status).toBe(409);
    expect(early.json).toMatchObject({ currentState: 'intake', status: 409 });
    expect(early.json!.allowedMoves).toEqual(expect.arrayContaining([{ formId: 'assessment', to: 'assessed' }, { formId: 'discharge', to: 'closed' }]));
    expect(early.json!.allowedMoves).not.toContainEqual(expect.objectContaining({ formId: 'care-plan' }));

    const states = [];
    for (const formId of ['assessment', 'care-plan', 'service-start', 'discharge']) {
      const response = await submitForm(caseId, formId);
      expect(response.status, formId).toBe(201);
      states.push(response.json!.state);
    }
    expect(states).toEqual(['assessed', 'planned', 'active', 'closed']);

    const afterClosure = await submitForm(caseId, 'review');
    expect(afterClosure.status).toBe(409);
    expect(afterClosure.json).toMatchObject({ currentState: 'closed', allowedMoves: [{ formId: 'legal-hold', to: null }] });
  });

  it('refuses a stale write with 409: If-Match names a version the case has moved past', async () => {
    const caseId = await newCase();
    const view = await api('GET', `/agencies/demo/cases/${caseId}`, manager);
    const etag = view.headers.get('etag')!;
    expect((await submitForm(caseId, 'assessment', manager, { 'if-match': etag })).status).toBe(201);
    const stale = await submitForm(caseId, 'discharge', manager, { 'if-match': etag });
    expect(stale.status).toBe(409);
    expect(stale.json).toMatchObject({ currentState: 'assessed', currentVersion: 2 });
  });

  it('lets exactly one of two concurrent moves from the same state win', async () => {
    const caseId = await newCase();
    // Both moves name the version they saw, as a client does: without it, a move that reads the case after the other
    // committed starts from the new state, and may rightly be allowed too (discharge is allowed from assessed).
    const etag = (await api('GET', `/agencies/demo/cases/${caseId}`, manager)).headers.get('etag')!;
    const results = await Promise.all([submitForm(caseId, 'assessment', manager, { 'if-match': etag }), submitForm(caseId, 'discharge', manager, { 'if-match': etag })]);
    expect(results.map((result) => result.status).sort()).toEqual([201, 409]);
  });

  it('validates staff forms with the same error contract', async () => {
    const caseId = await newCase();
    const response = await api('POST', `/agencies/demo/cases/${caseId}/forms/assessment/submissions`, manager, { assessedOn: 'soon' });
    expect(response.status).toBe(422);
    expect(response.json!.errors.map((error: { pointer: string }) => error.pointer).sort()).toEqual(['/assessedOn', '/domains', '/summary']);
  });
});

describe('the case view, the list and the audit trail', () => {
  it('shows submissions, timeline and next moves; records every read and write; supervisors read the trail', async () => {
    const caseId = await newCase();
    await submitForm(caseId, 'assessment');
    const view = await api('GET', `/agencies/demo/cases/${caseId}`, manager);
    expect(view.status).toBe(200);
    expect(view.json!.case).toMatchObject({ caseId, state: 'assessed', version: 2, caseManager: ana });
    expect(view.json!.submissions.map((s: { formId: string }) => s.formId).sort()).toEqual(['assessment', 'intake']);
    expect(view.json!.timeline[0]).toMatchObject({ event: 'submission', formId: 'intake' });
    expect(view.json!.allowedMoves).toContainEqual({ formId: 'care-plan', to: 'planned' });

    const assessment = view.json!.submissions.find((s: { formId: string }) => s.formId === 'assessment');
    const read = await api('GET', `/agencies/demo/cases/${caseId}/submissions/${assessment.submissionId}`, manager);
    expect(read.json).toMatchObject({ formId: 'assessment', answers: demoExample('assessment') });

    // Waiting on the table directly: polling the API would add read-case records to the trail checked below.
    const documentId = await waitFor(async () => itemsOfType(await tableItems(stack.resources.tableName), 'document')
      .find((item) => item.caseId === caseId)?.documentId as string | undefined, 45_000, 'the intake summary');
    const download = await fetch(`${stack.url}/agencies/demo/cases/${caseId}/documents/${documentId}`, { headers: bearer(manager) });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await download.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const { createHash } = await import('node:crypto');
    expect(download.headers.get('repr-digest')).toBe(`sha-256=:${createHash('sha256').update(bytes).digest('base64')}:`);

    const supervisor = await staffToken('demo', ['supervisor'], 'sam@demo.example');
    const trail = await api('GET', `/agencies/demo/cases/${caseId}/audit`, supervisor);
    expect(trail.status).toBe(200);
    const actions = trail.json!.records.map((record: { action: string; actor: string }) => `${record.action}:${record.actor}`);
    expect(actions).toEqual([
      `submit-form:${ana}`, `read-case:${ana}`, `read-submission:${ana}`, `read-document:${ana}`,
      `read-audit:${devSubject('sam@demo.example')}`,
    ]);
    for (const record of trail.json!.records) expect(record).toMatchObject({ requestId: expect.any(String), at: expect.any(String), roles: expect.any(Array) });
  });

  it('lists by state, case manager and review due, page by page, with queries only', async () => {
    const [planned, assessed] = [await newCase(), await newCase()];
    for (const formId of ['assessment', 'care-plan']) await submitForm(planned, formId);
    await submitForm(assessed, 'assessment');

    const operationsBefore = dynamo.operations.length;
    const byState = await api('GET', '/agencies/demo/cases?state=planned', manager);
    expect(byState.json!.cases.map((c: { caseId: string }) => c.caseId)).toContain(planned);
    expect(byState.json!.cases.every((c: { state: string }) => c.state === 'planned')).toBe(true);

    const mine = await api('GET', `/agencies/demo/cases?caseManager=${encodeURIComponent(ana)}&state=assessed`, manager);
    expect(mine.json!.cases.map((c: { caseId: string }) => c.caseId)).toContain(assessed);
    expect(mine.json!.cases.every((c: { state: string; caseManager: string }) => c.state === 'assessed' && c.caseManager === ana)).toBe(true);

    const due = await api('GET', '/agencies/demo/cases?reviewDueBy=2030-01-31', manager);
    expect(due.json!.cases.map((c: { caseId: string }) => c.caseId)).toContain(planned);
    expect(due.json!.cases.find((c: { caseId: string }) => c.caseId === planned)).toMatchObject({ reviewDueAt: '2030-01-15' });
    expect((await api('GET', '/agencies/demo/cases?reviewDueBy=2030-01-14', manager)).json!.cases.map((c: { caseId: string }) => c.caseId)).not.toContain(planned);

    const seen = new Set<string>();
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await api('GET', `/agencies/demo/cases?limit=2${cursor ? `&cursor=${cursor}` : ''}`, manager);
      expect(page.status).toBe(200);
      expect(page.json!.cases.length).toBeLessThanOrEqual(2);
      for (const c of page.json!.cases) seen.add(c.caseId);
      cursor = page.json!.nextCursor;
      pages += 1;
    } while (cursor && pages < 50);
    expect(seen.has(planned) && seen.has(assessed)).toBe(true);
    expect(pages).toBeGreaterThan(1);

    const operations = dynamo.operations.slice(operationsBefore);
    expect(operations).toContain('Query');
    expect(operations).not.toContain('Scan');
  });

  it('refuses bad filters and foreign cursors with 400', async () => {
    expect((await api('GET', '/agencies/demo/cases?state=limbo', manager)).status).toBe(400);
    expect((await api('GET', '/agencies/demo/cases?limit=1000', manager)).status).toBe(400);
    const foreign = Buffer.from(JSON.stringify({ pk: 'AGENCY#northside#CASE#x', sk: 'CASE', agencyCases: 'AGENCY#northside' })).toString('base64url');
    expect((await api('GET', `/agencies/demo/cases?cursor=${foreign}`, manager)).status).toBe(400);
    const otherList = Buffer.from(JSON.stringify({ pk: 'AGENCY#demo#CASE#x', sk: 'CASE', agencyState: 'AGENCY#demo#STATE#closed', updatedAt: 'x' })).toString('base64url');
    expect((await api('GET', `/agencies/demo/cases?state=active&cursor=${otherList}`, manager)).status).toBe(400);
  });
});

describe('npm run token', () => {
  it('prints a token the local stack accepts, and refuses an unknown role', async () => {
    const { execFileSync, spawnSync } = await import('node:child_process');
    const { join } = await import('node:path');
    const { projectRoot } = await import('../../local/stack.ts');
    const tsx = join(projectRoot, 'node_modules', '.bin', 'tsx');
    const token = execFileSync(tsx, ['scripts/token.ts', '--agency', 'demo', '--role', 'supervisor', '--email', 'kim@demo.example'], { cwd: projectRoot, encoding: 'utf8' }).trim();
    expect(token.split('.')).toHaveLength(3);
    expect((await api('GET', '/agencies/demo/cases?limit=1', token)).status).toBe(200);

    const refused = spawnSync(tsx, ['scripts/token.ts', '--agency', 'demo', '--role', 'superhero', '--email', 'kim@demo.example'], { cwd: projectRoot, encoding: 'utf8' });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('usage: npm run token');
  });
});

describe('staff submissions and Idempotency-Key', () => {
  it('a retried staff submission returns the first receipt and moves the case once', async () => {
    const caseId = await newCase();
    const key = `assess-${caseId}`;
    const first = await submitForm(caseId, 'assessment', manager, { 'idempotency-key': key });
    const retry = await submitForm(caseId, 'assessment', manager, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.json).toEqual(first.json);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    const view = await api('GET', `/agencies/demo/cases/${caseId}`, manager);
    expect(view.json!.case).toMatchObject({ state: 'assessed', version: 2 });
    expect(view.json!.submissions.filter((s: { formId: string }) => s.formId === 'assessment')).toHaveLength(1);
  });
});
