import { join } from 'node:path';
import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_AUDIENCE, DEV_ISSUER, DevIssuer, devSubject } from '../../local/dev-issuer.ts';
import { projectRoot, type LocalStack } from '../../local/stack.ts';
import { ROLES, type Role } from '../../functions/contracts/roles.ts';
import { routes } from '../../functions/contracts/routes.ts';
import { loadCatalog } from '../../functions/domain/forms/catalog.ts';
import { staffFormRoles } from '../../functions/domain/forms/form-roles.ts';
import { itemsOfType, tableItems } from '../../local/aws-readback.ts';
import { fhirR4Validator } from '../support/fhir-validator.ts';
import { browse, chooseAtDevIssuer, CookieJar, hiddenFields, postForm, signIn } from '../support/staff-session.ts';
import { demoExample, post, startTestStack } from '../support/test-stack.ts';
import { waitFor } from '../support/wait.ts';

// The staff pages over HTTP, as a browser uses them: sign-in through the dev issuer's OAuth endpoints, sessions,
// roles and agencies, the case list and page, staff forms, downloads, exports, each checked against the stored data.
let stack: LocalStack;

beforeAll(async () => {
  stack = await startTestStack();
});

afterAll(async () => {
  await stack?.stop();
});

async function newCase(): Promise<string> {
  const response = await post(stack, '/agencies/demo/forms/intake/submissions', { body: JSON.stringify(demoExample()) });
  return (response.json as { caseId: string }).caseId;
}

async function sessionCookie(claims: { agencyId: string; role: 'case-manager' | 'supervisor'; expiresIn?: string; tokenUse?: 'id' | 'access' }): Promise<CookieJar> {
  const issuer = await DevIssuer.open(join(projectRoot, '.local', 'dev-issuer-key.json'));
  const jar = new CookieJar();
  jar.cookies.set('caseforms_session', await issuer.sign({ agencyId: claims.agencyId, roles: [claims.role], email: `${claims.role}@x.test`, tokenUse: claims.tokenUse ?? 'id', expiresIn: claims.expiresIn ?? '5m' }));
  return jar;
}

describe('sign-in', () => {
  it('sends a browser without a session to sign in, and back to the page it asked for afterwards', async () => {
    const response = await browse(stack, new CookieJar(), '/staff/demo/cases?state=intake');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`/staff/sign-in?returnTo=${encodeURIComponent('/staff/demo/cases?state=intake')}`);
    const { jar, landedAt } = await signIn(stack, 'case-manager', { returnTo: '/staff/demo/cases?state=intake' });
    expect(landedAt).toBe('/staff/demo/cases?state=intake');
    const page = await browse(stack, jar, landedAt);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Signed in as case-manager@demo.caseforms.test (case manager)');
  });

  it('sets the session as an HttpOnly, SameSite cookie on the staff pages only, lasting as long as the token', async () => {
    const jar = new CookieJar();
    const { authorize, callback: callbackUrl } = await chooseAtDevIssuer(stack, jar, 'supervisor');
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    const callback = await fetch(callbackUrl, { headers: { cookie: jar.header() }, redirect: 'manual' });
    const session = callback.headers.getSetCookie().find((cookie) => cookie.startsWith('caseforms_session='))!;
    expect(session).toMatch(/; Path=\/staff; Max-Age=(3[5-6]\d\d); HttpOnly; SameSite=Lax$/);
  });

  it('refuses a callback whose state this browser did not start, and a code traded twice', async () => {
    const jar = new CookieJar();
    const { callback } = await chooseAtDevIssuer(stack, jar, 'supervisor');
    // Another browser (no sign-in cookie) cannot use the code: the state is not its own.
    expect((await browse(stack, new CookieJar(), callback.toString())).status).toBe(400);
    const planted = new URL(callback);
    planted.searchParams.set('state', 'someone-elses-state');
    expect((await browse(stack, jar, planted.toString())).status).toBe(400);
    const signInCookie = jar.cookies.get('caseforms_sign_in');
    expect((await browse(stack, jar, callback.toString())).status).toBe(303);
    // The sign-in in progress is over: its cookie is cleared, and the same callback again is refused.
    expect(jar.cookies.has('caseforms_sign_in')).toBe(false);
    const replay = new CookieJar();
    replay.cookies.set('caseforms_sign_in', signInCookie!);
    expect((await browse(stack, replay, callback.toString())).status).toBe(401);
  });

  it('the dev issuer trades a code once, and only for the PKCE verifier of its challenge', async () => {
    const trade = async (verifierFor: (real: string) => string) => {
      const jar = new CookieJar();
      const { authorize, callback } = await chooseAtDevIssuer(stack, jar, 'supervisor');
      const code = callback.searchParams.get('code')!;
      const { verifier } = JSON.parse(Buffer.from(jar.cookies.get('caseforms_sign_in')!, 'base64url').toString()) as { verifier: string };
      const send = (codeVerifier: string) => fetch(`${authorize.origin}/_local/dev-issuer/oauth2/token`, {
        method: 'POST',
        body: new URLSearchParams({ grant_type: 'authorization_code', client_id: DEV_AUDIENCE, code, code_verifier: codeVerifier, redirect_uri: authorize.searchParams.get('redirect_uri')! }),
      });
      return { first: await send(verifierFor(verifier)), again: await send(verifier) };
    };
    const wrong = await trade(() => 'not-the-verifier');
    expect(wrong.first.status).toBe(400);
    expect(wrong.again.status).toBe(400);
    const right = await trade((verifier) => verifier);
    expect(right.first.status).toBe(200);
    expect(typeof ((await right.first.json()) as { id_token?: unknown }).id_token).toBe('string');
    expect(right.again.status).toBe(400);
  });

  it('treats a forged, an expired, another issuer\'s or an access token (not an ID token) as no session', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const forged = await new SignJWT({ 'custom:agency': 'demo', 'cognito:groups': ['supervisor'] })
      .setProtectedHeader({ alg: 'ES256', kid: 'x' }).setIssuer(DEV_ISSUER).setAudience(DEV_AUDIENCE).setSubject('x').setExpirationTime('5m').sign(privateKey);
    const expired = await sessionCookie({ agencyId: 'demo', role: 'supervisor', expiresIn: '-1m' });
    const access = await sessionCookie({ agencyId: 'demo', role: 'supervisor', tokenUse: 'access' });
    expect((await browse(stack, await sessionCookie({ agencyId: 'demo', role: 'supervisor' }), '/staff/demo/cases')).status).toBe(200);
    for (const jar of [expired, access, Object.assign(new CookieJar(), { cookies: new Map([['caseforms_session', forged]]) }), Object.assign(new CookieJar(), { cookies: new Map([['caseforms_session', 'garbage']]) })]) {
      const response = await browse(stack, jar, '/staff/demo/cases');
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toMatch(/^\/staff\/sign-in\?returnTo=/);
    }
  });

  it('signs out: the session cookie is cleared and the dev issuer\'s logout returns to the sign-in page', async () => {
    const { jar } = await signIn(stack, 'case-manager');
    const refused = await postForm(stack, jar, '/staff/sign-out', {}, 'https://evil.example');
    expect(refused.status).toBe(403);
    expect(jar.cookies.has('caseforms_session')).toBe(true);
    const out = await postForm(stack, jar, '/staff/sign-out', {});
    expect(out.status).toBe(303);
    expect(jar.cookies.has('caseforms_session')).toBe(false);
    const logout = await browse(stack, jar, out.headers.get('location')!);
    expect(logout.status).toBe(302);
    expect(logout.headers.get('location')).toBe(`${stack.url}/staff/sign-in`);
    expect((await browse(stack, jar, '/staff/demo/cases')).status).toBe(303);
  });

  it('keeps the refresh token in an HttpOnly cookie on the staff pages, for a working day', async () => {
    const jar = new CookieJar();
    const { callback: callbackUrl } = await chooseAtDevIssuer(stack, jar, 'case-manager');
    const callback = await fetch(callbackUrl, { headers: { cookie: jar.header() }, redirect: 'manual' });
    const refresh = callback.headers.getSetCookie().find((cookie) => cookie.startsWith('caseforms_refresh='))!;
    expect(refresh).toMatch(/^caseforms_refresh=[\w-]{40,}; Path=\/staff; Max-Age=43200; HttpOnly; SameSite=Lax$/);
  });

  it('renews a session that has ended from the refresh cookie: a form sent at that moment is saved, not lost', async () => {
    const caseId = await newCase();
    const { jar } = await signIn(stack, 'case-manager');
    const path = `/staff/demo/cases/${caseId}/forms/assessment`;
    const hidden = hiddenFields(await (await browse(stack, jar, path)).text());
    const ended = await sessionCookie({ agencyId: 'demo', role: 'case-manager', expiresIn: '-1m' });
    jar.cookies.set('caseforms_session', ended.cookies.get('caseforms_session')!);

    const example = demoExample('assessment') as { assessedOn: string; summary: string; strengths: string; domains: Array<{ domain: string; rating: number }> };
    const fields: Record<string, string> = { ...hidden, '/assessedOn': example.assessedOn, '/summary': example.summary, '/strengths': example.strengths };
    example.domains.forEach((domain, index) => {
      fields[`/domains/${index}/domain`] = domain.domain;
      fields[`/domains/${index}/rating`] = String(domain.rating);
    });
    const saved = await postForm(stack, jar, path, fields);
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe(`/staff/demo/cases/${caseId}?saved=assessment`);
    const renewed = saved.headers.getSetCookie().find((cookie) => cookie.startsWith('caseforms_session='))!;
    expect(renewed).toMatch(/; Path=\/staff; Max-Age=(3[5-6]\d\d); HttpOnly; SameSite=Lax$/);
    expect(jar.cookies.get('caseforms_session')).not.toBe(ended.cookies.get('caseforms_session'));
    const record = (await tableItems(stack.resources.tableName)).find((item) => item.type === 'case' && item.caseId === caseId)!;
    expect(record.state).toBe('assessed');
    // The renewed session is the same person: the case is in this case manager's caseload.
    expect(record.caseManager).toBe(devSubject('case-manager@demo.caseforms.test'));

    // With neither a session nor a refresh token the browser signs in again, as before.
    jar.cookies.delete('caseforms_session');
    jar.cookies.set('caseforms_refresh', 'not-a-refresh-token');
    const refused = await browse(stack, jar, `/staff/demo/cases/${caseId}`);
    expect(refused.status).toBe(303);
    expect(refused.headers.get('location')).toMatch(/^\/staff\/sign-in\?returnTo=/);
    expect(jar.cookies.has('caseforms_refresh')).toBe(false);
  });

  it('revokes the refresh token at sign-out, so a copy of the cookie renews nothing', async () => {
    const { jar } = await signIn(stack, 'supervisor');
    const refreshToken = jar.cookies.get('caseforms_refresh')!;
    expect(refreshToken).toBeTruthy();
    const out = await postForm(stack, jar, '/staff/sign-out', {});
    expect(out.status).toBe(303);
    expect(jar.cookies.has('caseforms_refresh')).toBe(false);
    const copy = new CookieJar();
    copy.cookies.set('caseforms_refresh', refreshToken);
    const response = await browse(stack, copy, '/staff/demo/cases');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toMatch(/^\/staff\/sign-in/);
    expect(copy.cookies.has('caseforms_session')).toBe(false);
  });

  it('never sends the browser to another site after sign-in', async () => {
    for (const returnTo of ['https://evil.example/', '//evil.example/staff/', '/staff//evil.example', '/\\evil.example']) {
      const page = await browse(stack, new CookieJar(), `/staff/sign-in?returnTo=${encodeURIComponent(returnTo)}`);
      expect(await page.text(), returnTo).not.toContain('evil.example');
    }
  });
});

describe('roles and agencies, as the API checks them', () => {
  it('answers another agency\'s pages with 404, and a role the route does not allow with 403', async () => {
    const caseId = await newCase();
    const admin = await signIn(stack, 'agency-admin');
    expect((await browse(stack, admin.jar, `/staff/demo/cases/${caseId}`)).status).toBe(200);
    expect((await browse(stack, admin.jar, `/staff/demo/cases/${caseId}/forms/assessment`)).status).toBe(403);
    expect((await browse(stack, admin.jar, '/staff/demo/exports')).status).toBe(403);
    expect((await browse(stack, admin.jar, '/staff/other/cases')).status).toBe(404);
    const stranger = await sessionCookie({ agencyId: 'other', role: 'supervisor' });
    expect((await browse(stack, stranger, `/staff/demo/cases/${caseId}`)).status).toBe(404);
    const manager = await signIn(stack, 'case-manager');
    expect((await browse(stack, manager.jar, '/staff/demo/exports')).status).toBe(403);
  });
});

describe('every staff page of the route table', () => {
  it('sends a browser without a session to sign in, answers 404 for another agency, and 403 for a role the route does not allow', async () => {
    const caseId = await newCase();
    await waitFor(async () => (await tableItems(stack.resources.tableName)).find((item) => item.type === 'document' && item.caseId === caseId), 60_000, 'the intake summary');
    const items = await tableItems(stack.resources.tableName);
    const submission = itemsOfType(items, 'submission').find((item) => item.caseId === caseId)!;
    const document = itemsOfType(items, 'document').find((item) => item.caseId === caseId)!;
    const values: Record<string, string> = {
      agencyId: 'demo', caseId, formId: 'assessment', documentId: String(document.documentId), submissionId: String(submission.submissionId),
      version: String(submission.formVersion),
      // A file the case does not have: the file route lets the roles in and answers "no such file" (404).
      uploadId: '00000000-0000-4000-8000-000000000000',
    };
    const pages = routes.filter((route) => route.access === 'staff-page' && route.roles);
    const assessment = loadCatalog(join(projectRoot, 'form-schemas')).form('demo', 'assessment')!;
    expect(pages.length).toBeGreaterThanOrEqual(8);
    // The signing page's paper scan has upload routes of its own, walked as every other page.
    expect(pages.filter((route) => route.path.includes('/signatures/{documentId}/uploads')).map((route) => route.method)).toEqual(['POST', 'POST', 'GET']);
    const sessions = new Map<Role, CookieJar>();
    for (const role of ROLES) sessions.set(role, (await signIn(stack, role)).jar);
    const stranger = await sessionCookie({ agencyId: 'other', role: 'supervisor' });
    for (const route of pages) {
      // The export names the intake's form version; the form pages a staff form.
      const formId = route.path.includes('/exports/') ? 'intake' : values.formId!;
      const path = (agencyId: string) => route.path.replace(/\{(\w+)\}/g, (_, name: string) => (name === 'agencyId' ? agencyId : name === 'formId' ? formId : values[name]!));
      const request = (jar: CookieJar, agencyId = 'demo') => (route.method === 'POST' ? postForm(stack, jar, path(agencyId), {}) : browse(stack, jar, path(agencyId)));
      const anonymous = await request(new CookieJar());
      expect(anonymous.status, `${route.method} ${route.path} without a session`).toBe(303);
      expect(anonymous.headers.get('location'), route.path).toMatch(/^\/staff\/sign-in/);
      expect((await request(stranger)).status, `${route.path} for another agency's supervisor`).toBe(404);
      for (const role of ROLES) {
        const status = (await request(sessions.get(role)!)).status;
        expect((await request(sessions.get(role)!, 'other')).status, `${route.path} of another agency as ${role}`).toBe(404);
        // A staff form's pages let in the roles the form allows (its own, or its kind's default: domain/forms/form-roles.ts).
        const allowed = route.roles!.includes(role) && (!route.path.includes('{formId}') || route.path.includes('/exports/') || route.path.includes('/studio/') || staffFormRoles(assessment).includes(role));
        // An empty note or addendum is let in and refused for its fields (422); marking a follow-up of a note the case
        // does not have done is let in and answered "no such note" (404).
        // The studio's pages answer a request without their query (a file, two versions) "no such file or version"
        // (404), an upload that is not multipart 415, and a preview of a form with nothing to preview 404 or 422. A staff
        // form's upload routes answer a presign that is not JSON 415 and the receive of a file never sent 404.
        const refusedInside = [
          ...(route.path.includes('/uploads') ? [404, 415] : []),
          ...(route.path.includes('/notes') ? [422] : []), ...(route.path.endsWith('/follow-up-done') ? [404] : []),
          ...(route.path.includes('/studio') ? [404, 415, 422] : []), ...(route.path.includes('/files/') ? [404] : []),
          // The intake summary is signed by no one: its signing page, its post and its paper scan's upload routes answer
          // "no such document to sign" (404).
          ...(route.path.includes('/signatures/') ? [404] : []),
        ];
        if (allowed) expect([200, 303, 400, ...refusedInside], `${route.method} ${route.path} as ${role}`).toContain(status);
        else expect(status, `${route.method} ${route.path} as ${role}`).toBe(403);
      }
    }
  });
});

describe('the case list and the case page', () => {
  it('lists the agency\'s cases by state, and records each view of a case in its audit trail', async () => {
    const caseId = await newCase();
    const { jar } = await signIn(stack, 'supervisor');
    const list = await (await browse(stack, jar, '/staff/demo/cases?state=intake')).text();
    expect(list).toContain(`href="/staff/demo/cases/${caseId}"`);
    const none = await (await browse(stack, jar, '/staff/demo/cases?state=closed')).text();
    expect(none).not.toContain(caseId);
    const bad = await (await browse(stack, jar, '/staff/demo/cases?state=nonsense&reviewDueBy=tomorrow')).text();
    expect(bad).toContain('is not a case state');

    await waitFor(async () => (await tableItems(stack.resources.tableName)).find((item) => item.type === 'document' && item.caseId === caseId), 60_000, 'the intake summary');
    const page = await (await browse(stack, jar, `/staff/demo/cases/${caseId}`)).text();
    expect(page).toContain(`<h1><bdi dir="auto">Zoë Núñez-Øberg</bdi> <span class="case-ref">· case ${caseId.slice(0, 8)}</span></h1>`);
    expect(page).toContain('Request for services');
    expect(page).toMatch(/href="\/staff\/demo\/cases\/[^"]+\/documents\/[^"]+-intake-summary"/);
    const audits = itemsOfType(await tableItems(stack.resources.tableName), 'audit').filter((item) => item.caseId === caseId && item.action === 'read-case');
    expect(audits.length).toBeGreaterThanOrEqual(1);
  });

  it('downloads a document through the audited path', async () => {
    const caseId = await newCase();
    await waitFor(async () => (await tableItems(stack.resources.tableName)).find((item) => item.type === 'document' && item.caseId === caseId), 60_000, 'the intake summary');
    const { jar } = await signIn(stack, 'case-manager');
    const page = await (await browse(stack, jar, `/staff/demo/cases/${caseId}`)).text();
    const href = /href="(\/staff\/demo\/cases\/[^"]+\/documents\/[^"]+)"/.exec(page)![1]!;
    const pdf = await browse(stack, jar, href);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    const audits = itemsOfType(await tableItems(stack.resources.tableName), 'audit').filter((item) => item.caseId === caseId && item.action === 'read-document');
    expect(audits).toHaveLength(1);
  });
});

describe('staff forms', () => {
  it('moves the case with a valid form, keeps the answers with errors beside them, and refuses another site\'s post', async () => {
    const caseId = await newCase();
    const { jar } = await signIn(stack, 'case-manager');
    const path = `/staff/demo/cases/${caseId}/forms/assessment`;
    const form = await browse(stack, jar, path);
    expect(form.status).toBe(200);
    const hidden = hiddenFields(await form.text());
    expect(hidden._version).toBe('1');

    const foreign = await postForm(stack, jar, path, { ...hidden, '/assessedOn': '2026-11-20' }, 'https://evil.example');
    expect(foreign.status).toBe(403);

    const invalid = await postForm(stack, jar, path, { ...hidden, '/assessedOn': 'not a date', '/summary': '<script>alert(1)</script>' });
    expect(invalid.status).toBe(422);
    const errorPage = await invalid.text();
    expect(errorPage).toContain('role="alert"');
    expect(errorPage).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(errorPage).not.toContain('<script>alert(1)');

    const example = demoExample('assessment') as { assessedOn: string; summary: string; strengths: string; domains: Array<{ domain: string; rating: number; notes?: string }> };
    const fields: Record<string, string> = { ...hidden, '/assessedOn': example.assessedOn, '/summary': example.summary, '/strengths': example.strengths };
    example.domains.forEach((domain, index) => {
      fields[`/domains/${index}/domain`] = domain.domain;
      fields[`/domains/${index}/rating`] = String(domain.rating);
      if (domain.notes) fields[`/domains/${index}/notes`] = domain.notes;
    });
    const saved = await postForm(stack, jar, path, fields);
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe(`/staff/demo/cases/${caseId}?saved=assessment`);
    // Sent twice (a double click): stored once.
    expect((await postForm(stack, jar, path, fields)).status).toBe(303);
    const items = await tableItems(stack.resources.tableName);
    const record = items.find((item) => item.type === 'case' && item.caseId === caseId)!;
    expect(record.state).toBe('assessed');
    expect(itemsOfType(items, 'submission').filter((item) => item.caseId === caseId && item.formId === 'assessment')).toHaveLength(1);
    const casePage = await (await browse(stack, jar, saved.headers.get('location')!)).text();
    expect(casePage).toContain('Needs assessment saved.');
    expect(casePage).toContain('Assessed');

    // The case manager who saved it now has the case: a supervisor finds it in that person's caseload.
    const supervisor = await signIn(stack, 'supervisor');
    const all = await (await browse(stack, supervisor.jar, '/staff/demo/cases?state=assessed')).text();
    const caseload = `/staff/demo/cases?caseManager&#61;${devSubject('case-manager@demo.caseforms.test')}`;
    expect(all).toContain(`href="${caseload}">case-manager@demo.caseforms.test<`);
    expect(await (await browse(stack, supervisor.jar, caseload.replace('&#61;', '='))).text()).toContain(caseId);
    expect(await (await browse(stack, supervisor.jar, '/staff/demo/cases?caseManager=dev-nobody')).text()).not.toContain(caseId);
  });

  it('answers a form opened before someone else changed the case with 409 and the answers kept', async () => {
    const caseId = await newCase();
    const first = await signIn(stack, 'case-manager', { email: 'first@demo.caseforms.test' });
    const second = await signIn(stack, 'supervisor');
    const path = `/staff/demo/cases/${caseId}/forms/assessment`;
    const mine = hiddenFields(await (await browse(stack, first.jar, path)).text());
    const theirs = hiddenFields(await (await browse(stack, second.jar, `/staff/demo/cases/${caseId}/forms/release-of-information`)).text());
    expect((await postForm(stack, second.jar, `/staff/demo/cases/${caseId}/forms/release-of-information`, { ...theirs, '/providers': 'northside-clinic', '/signedOn': '2026-11-20', '/obtainedBy': 'signed-form' })).status).toBe(303);
    const stale = await postForm(stack, first.jar, path, { ...mine, '/assessedOn': '2026-11-20', '/summary': 'Kept answer' });
    expect(stale.status).toBe(409);
    const page = await stale.text();
    expect(page).toContain('The case changed since you opened this form');
    expect(page).toContain('Kept answer');
    expect(hiddenFields(page)._version).toBe('2');
  });
});

describe('exports', () => {
  it('gives a supervisor one CSV per form version, titled from the schema, and audits each case in it', async () => {
    const caseId = await newCase();
    const { jar } = await signIn(stack, 'supervisor');
    const page = await (await browse(stack, jar, '/staff/demo/exports')).text();
    const href = /href="(\/staff\/demo\/exports\/intake\/[0-9a-f]{16})"/.exec(page)![1]!;
    const csv = await browse(stack, jar, href);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename="demo-intake-v[0-9a-f]{16}\.csv"$/);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await csv.arrayBuffer());
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const [header, ...rows] = text.slice(1).trimEnd().split('\r\n');
    expect(header).toMatch(/^Case,Submission,Received,Channel,/);
    expect(header).toContain('Given name');
    expect(rows.some((row) => row.startsWith(`${caseId},`))).toBe(true);
    const audits = itemsOfType(await tableItems(stack.resources.tableName), 'audit').filter((item) => item.caseId === caseId && item.action === 'export-submissions');
    expect(audits).toHaveLength(1);
  });

  it('gives a supervisor a submission as a FHIR R4 QuestionnaireResponse that validates against the official schema', async () => {
    const caseId = await newCase();
    const { jar } = await signIn(stack, 'supervisor');
    const page = await (await browse(stack, jar, `/staff/demo/cases/${caseId}`)).text();
    const href = /href="(\/staff\/demo\/cases\/[^"]+\/submissions\/[^"]+\/fhir)"/.exec(page)![1]!;
    const response = await browse(stack, jar, href);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
    const resource = (await response.json()) as { resourceType: string; status: string; item: Array<{ linkId: string; answer?: Array<Record<string, unknown>> }> };
    expect(resource).toMatchObject({ resourceType: 'QuestionnaireResponse', status: 'completed' });
    expect(fhirR4Validator().validate(resource)).toEqual([]);
    const given = resource.item.find((item) => item.linkId === '/givenName');
    expect(given?.answer).toEqual([{ valueString: (demoExample() as { givenName: string }).givenName }]);
    const manager = await signIn(stack, 'case-manager');
    expect((await browse(stack, manager.jar, href)).status).toBe(403);
  });
});
