import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/stack.ts';
import { tableItems } from '../../local/aws-readback.ts';
import { browse, CookieJar, hiddenFields, postForm, signIn } from '../support/staff-session.ts';
import { bearer } from '../support/staff-tokens.ts';
import { restoreClock, setClock } from '../support/test-clock.ts';
import { demoExample, post, startTestStack } from '../support/test-stack.ts';

// Sign-out and idle logoff end a staff session on the server, for the pages and for the API: a copy of the session
// cookie (an ID token that is still within its hour) is worth nothing afterwards.
let stack: LocalStack;

beforeAll(async () => {
  stack = await startTestStack();
});

afterAll(async () => {
  await stack?.stop();
});

afterEach(() => {
  restoreClock();
});

const MINUTE = 60_000;

async function newCase(): Promise<string> {
  const response = await post(stack, '/agencies/demo/forms/intake/submissions', { body: JSON.stringify(demoExample()) });
  return (response.json as { caseId: string }).caseId;
}

const api = (path: string, token: string) => fetch(`${stack.url}${path}`, { headers: bearer(token) });

/** A second browser holding a copy of the first's session cookie. */
function copyOf(jar: CookieJar): CookieJar {
  const copy = new CookieJar();
  copy.cookies.set('caseforms_session', jar.cookies.get('caseforms_session')!);
  return copy;
}

const sessionItems = async () => (await tableItems(stack.resources.tableName)).filter((item) => item.type === 'staff-session');

describe('sign-out', () => {
  it('ends the session at once: a copied cookie goes to sign in, and the same token is refused by the API', async () => {
    const { jar } = await signIn(stack, 'case-manager');
    const copy = copyOf(jar);
    const idToken = copy.cookies.get('caseforms_session')!;
    expect((await browse(stack, copy, '/staff/demo/cases')).status).toBe(200);
    expect((await api('/agencies/demo/cases', idToken)).status).toBe(200);

    expect((await postForm(stack, jar, '/staff/sign-out', {})).status).toBe(303);

    const page = await browse(stack, copy, '/staff/demo/cases?state=intake');
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe(`/staff/sign-in?returnTo=${encodeURIComponent('/staff/demo/cases?state=intake')}`);
    expect(copy.cookies.has('caseforms_session')).toBe(false);
    const refused = await api('/agencies/demo/cases', idToken);
    expect(refused.status).toBe(401);
    // The sign-in page does not take the ended session for a signed-in one either.
    const entrance = new CookieJar();
    entrance.cookies.set('caseforms_session', idToken);
    expect((await browse(stack, entrance, '/staff/sign-in')).status).toBe(200);
    const ended = (await sessionItems()).filter((item) => item.endedBy === 'sign-out');
    expect(ended.length).toBeGreaterThanOrEqual(1);
    // Kept for as long as any token of the sign-in could be shown (a working day and an hour), then removed by TTL.
    for (const item of ended) expect(Number(item.expiresAt) - Number(item.endedAt)).toBe(13 * 3600);
    // The record holds no token and no identity: its key is a hash.
    expect(JSON.stringify(ended)).not.toContain(idToken.split('.')[1]!);
  });

  it('an API token ended by sign-out in the pages is refused, one from another sign-in still works', async () => {
    const first = await signIn(stack, 'supervisor');
    const second = await signIn(stack, 'supervisor');
    const firstToken = first.jar.cookies.get('caseforms_session')!;
    const secondToken = second.jar.cookies.get('caseforms_session')!;
    await postForm(stack, first.jar, '/staff/sign-out', {});
    expect((await api('/agencies/demo/cases', firstToken)).status).toBe(401);
    expect((await api('/agencies/demo/cases', secondToken)).status).toBe(200);
    expect((await browse(stack, second.jar, '/staff/demo/cases')).status).toBe(200);
  });
});

describe('idle logoff', () => {
  it('ends a session idle longer than the agency allows (15 minutes by default): a GET goes to sign in, returnTo kept', async () => {
    const start = Date.now();
    const { jar } = await signIn(stack, 'case-manager');
    const idToken = jar.cookies.get('caseforms_session')!;
    expect((await browse(stack, jar, '/staff/demo/cases')).status).toBe(200);
    // Activity keeps it going: 10 minutes, then 10 more (20 in all, never 15 idle).
    setClock(new Date(start + 10 * MINUTE));
    expect((await browse(stack, jar, '/staff/demo/cases')).status).toBe(200);
    setClock(new Date(start + 20 * MINUTE));
    expect((await browse(stack, jar, '/staff/demo/cases')).status).toBe(200);
    // Within the minute: nothing written.
    const before = (await sessionItems()).map((item) => `${item.pk}:${item.lastActiveAt}`).sort();
    expect((await browse(stack, jar, '/staff/demo/cases?mine=1')).status).toBe(200);
    expect((await sessionItems()).map((item) => `${item.pk}:${item.lastActiveAt}`).sort()).toEqual(before);

    setClock(new Date(start + 36 * MINUTE));
    const page = await browse(stack, jar, '/staff/demo/cases?state=intake');
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe(`/staff/sign-in?returnTo=${encodeURIComponent('/staff/demo/cases?state=intake')}`);
    // Both cookies are cleared: the refresh token cannot bring the session back.
    expect(jar.cookies.has('caseforms_session')).toBe(false);
    expect(jar.cookies.has('caseforms_refresh')).toBe(false);
    expect((await api('/agencies/demo/cases', idToken)).status).toBe(401);
    expect((await sessionItems()).some((item) => item.endedBy === 'idle')).toBe(true);
  });

  it('a renewed token of the same sign-in does not revive an idle session (the refresh cookie kept by a copy)', async () => {
    const start = Date.now();
    const { jar } = await signIn(stack, 'case-manager');
    expect((await browse(stack, jar, '/staff/demo/cases')).status).toBe(200);
    const copy = new CookieJar();
    copy.cookies.set('caseforms_refresh', jar.cookies.get('caseforms_refresh')!);
    setClock(new Date(start + 16 * MINUTE));
    expect((await browse(stack, jar, '/staff/demo/cases')).status).toBe(303);
    const renewed = await browse(stack, copy, '/staff/demo/cases');
    expect(renewed.status).toBe(303);
    expect(renewed.headers.get('location')).toMatch(/^\/staff\/sign-in/);
    expect(copy.cookies.has('caseforms_session')).toBe(false);
  });

  it('shows a staff form sent after the idle end again with its answers, saves nothing, and sends once signed in again', async () => {
    const start = Date.now();
    const caseId = await newCase();
    const { jar } = await signIn(stack, 'case-manager');
    const path = `/staff/demo/cases/${caseId}/forms/assessment`;
    const hidden = hiddenFields(await (await browse(stack, jar, path)).text());
    const example = demoExample('assessment') as { assessedOn: string; summary: string; strengths: string; domains: Array<{ domain: string; rating: number }> };
    const fields: Record<string, string> = { ...hidden, '/assessedOn': example.assessedOn, '/summary': 'Written slowly, over a long phone call', '/strengths': example.strengths };
    example.domains.forEach((domain, index) => {
      fields[`/domains/${index}/domain`] = domain.domain;
      fields[`/domains/${index}/rating`] = String(domain.rating);
    });

    setClock(new Date(start + 16 * MINUTE));
    const kept = await postForm(stack, jar, path, fields);
    expect(kept.status).toBe(401);
    const html = await kept.text();
    expect(html).toContain('signed out for inactivity');
    expect(html).toContain('Written slowly, over a long phone call');
    expect(jar.cookies.has('caseforms_session')).toBe(false);
    const record = (await tableItems(stack.resources.tableName)).find((item) => item.type === 'case' && item.caseId === caseId)!;
    expect(record.state).toBe('intake');

    // Signed in again (another tab), the page's form, with its hidden fields as shown, is sent and saved.
    const again = await signIn(stack, 'case-manager');
    const saved = await postForm(stack, again.jar, path, { ...fields, ...hiddenFields(html) });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe(`/staff/demo/cases/${caseId}?saved=assessment`);
  });

  it('ends an idle API session too', async () => {
    const start = Date.now();
    const { jar } = await signIn(stack, 'supervisor');
    const idToken = jar.cookies.get('caseforms_session')!;
    expect((await api('/agencies/demo/cases', idToken)).status).toBe(200);
    setClock(new Date(start + 14 * MINUTE));
    expect((await api('/agencies/demo/cases', idToken)).status).toBe(200);
    setClock(new Date(start + 28 * MINUTE));
    expect((await api('/agencies/demo/cases', idToken)).status).toBe(200);
    setClock(new Date(start + 44 * MINUTE));
    const refused = await api('/agencies/demo/cases', idToken);
    expect(refused.status).toBe(401);
    expect((await browse(stack, jar, '/staff/demo/cases')).status).toBe(303);
  });
});
