import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../functions/contracts/roles.ts';
import { addDays, localDate } from '../../functions/domain/cases/notice-period.ts';
import type { LocalStack } from '../../local/stack.ts';
import { formsDirWithHarbor, harborApiKeyHeader } from '../support/harbor-pack.ts';
import { browse, hiddenFields, postForm, signIn } from '../support/staff-session.ts';
import { readCase, submitStaffForm, type StaffBody } from '../support/staff-api.ts';
import { staffToken } from '../support/staff-tokens.ts';
import { demoExample, post, startTestStack } from '../support/test-stack.ts';
import { harborExample } from '../support/case-entries.ts';

// Roles per form (issue 19): the demo pack names its sensitive forms' roles (`x-caseforms.roles`); Harbor names none,
// so the defaults for a legal hold, a consent, a termination and a discharge apply. Through the real local stack:
// the API answers 403 and changes nothing; the pages answer 403 and the case page does not offer the form.
type Agency = 'demo' | 'harbor';
let stack: LocalStack;
const tokens = new Map<string, string>();

beforeAll(async () => {
  stack = await startTestStack({ formsDir: formsDirWithHarbor() });
});
afterAll(async () => { await stack?.stop(); });

async function token(agencyId: Agency, role: Role): Promise<string> {
  const key = `${agencyId}/${role}`;
  if (!tokens.has(key)) tokens.set(key, await staffToken(agencyId, [role], `${role}@${agencyId}.example`));
  return tokens.get(key)!;
}

const example = (agencyId: Agency, formId: string) => (agencyId === 'demo' ? demoExample(formId) : harborExample(formId));

async function submit(agencyId: Agency, role: Role, caseId: string, formId: string, body: unknown = example(agencyId, formId), language?: string) {
  return submitStaffForm(stack, await token(agencyId, role), agencyId, caseId, formId, body, language ? { 'accept-language': language } : {});
}

async function caseOf(agencyId: Agency, caseId: string): Promise<StaffBody> {
  return (await readCase(stack, await token(agencyId, 'supervisor'), agencyId, caseId)).case;
}

async function newCase(agencyId: Agency): Promise<string> {
  const response = await post(stack, `/agencies/${agencyId}/forms/intake/submissions`, { body: JSON.stringify(example(agencyId, 'intake')), headers: agencyId === 'harbor' ? harborApiKeyHeader : {} });
  expect(response.status).toBe(201);
  return (response.json as { caseId: string }).caseId;
}

/** A case with services under way (assessed, planned, started) by a case manager: termination may be submitted now. */
async function activeCase(agencyId: Agency): Promise<string> {
  const caseId = await newCase(agencyId);
  for (const formId of ['assessment', 'care-plan', 'service-start']) expect((await submit(agencyId, 'case-manager', caseId, formId)).status, formId).toBe(201);
  return caseId;
}

function terminationNotice(agencyId: Agency): Record<string, unknown> {
  if (agencyId === 'demo') return { ...demoExample('termination'), effectiveDate: addDays(localDate(new Date(), 'America/Chicago'), 14) };
  const endsOn = addDays(localDate(new Date(), 'America/Los_Angeles'), 14);
  return { ...harborExample('termination'), endsOn, appealBy: addDays(endsOn, 30) };
}

/** Each pack's legal-hold and consent forms, and the answers that lift the hold and add every provider. */
const packs = {
  demo: {
    hold: 'legal-hold', lift: { hold: false, matter: 'Hold lifted' },
    consent: 'release-of-information', providers: ['northside-clinic', 'eastside-housing'], everyProvider: { ...demoExample('release-of-information'), providers: ['northside-clinic', 'eastside-housing'] },
  },
  harbor: {
    hold: 'records-hold', lift: { keep: false, reason: 'Hold lifted' },
    consent: 'consent', providers: ['legal-aid'], everyProvider: { ...harborExample('consent'), partners: ['legal-aid'] },
  },
} as const;

describe.each(['demo', 'harbor'] as const)('%s: roles per form through the API', (agencyId) => {
  const pack = packs[agencyId];

  it('an intake worker cannot lift a supervisor\'s legal hold (403, the hold stays); a supervisor can', async () => {
    const caseId = await newCase(agencyId);
    expect((await submit(agencyId, 'supervisor', caseId, pack.hold)).status).toBe(201);
    expect(await caseOf(agencyId, caseId)).toMatchObject({ legalHold: true });
    const before = await caseOf(agencyId, caseId);

    const refused = await submit(agencyId, 'intake-worker', caseId, pack.hold, pack.lift);
    expect(refused.status).toBe(403);
    expect(refused.json).toMatchObject({ type: 'urn:caseforms:problem:forbidden', status: 403, detail: expect.stringContaining('supervisor, agency-admin') });
    expect((await submit(agencyId, 'case-manager', caseId, pack.hold, pack.lift)).status).toBe(403);
    expect(await caseOf(agencyId, caseId)).toEqual(before);

    const lifted = await submit(agencyId, 'supervisor', caseId, pack.hold, pack.lift);
    expect(lifted.status).toBe(201);
    expect(await caseOf(agencyId, caseId)).toMatchObject({ legalHold: false });
    // An agency admin, who may submit no other form, may place a hold.
    expect((await submit(agencyId, 'agency-admin', caseId, pack.hold)).status).toBe(201);
    expect((await submit(agencyId, 'agency-admin', caseId, 'assessment')).status).toBe(403);
  });

  it('an intake worker cannot add providers to a consent (403, nothing changes); a case manager can', async () => {
    const caseId = await newCase(agencyId);
    const before = await caseOf(agencyId, caseId);
    const refused = await submit(agencyId, 'intake-worker', caseId, pack.consent, pack.everyProvider);
    expect(refused.status).toBe(403);
    const after = await caseOf(agencyId, caseId);
    expect(after).toEqual(before);
    expect(after.consentedProviders).toBeUndefined();
    expect((await submit(agencyId, 'case-manager', caseId, pack.consent, pack.everyProvider)).status).toBe(201);
    expect((await caseOf(agencyId, caseId)).consentedProviders).toEqual(pack.providers);
  });

  it('a case manager may give notice of termination, an intake worker may not; an intake worker still submits the other forms', async () => {
    const caseId = await newCase(agencyId);
    expect((await submit(agencyId, 'intake-worker', caseId, 'assessment')).status).toBe(201);
    expect((await submit(agencyId, 'intake-worker', caseId, 'care-plan')).status).toBe(201);
    expect((await submit(agencyId, 'intake-worker', caseId, 'service-start')).status).toBe(201);
    const refused = await submit(agencyId, 'intake-worker', caseId, 'termination', terminationNotice(agencyId));
    expect(refused.status).toBe(403);
    expect(refused.json.detail).toContain('case-manager, supervisor');
    expect((await submit(agencyId, 'intake-worker', caseId, 'discharge')).status).toBe(403);
    expect(await caseOf(agencyId, caseId)).toMatchObject({ state: 'active' });

    const notice = await submit(agencyId, 'case-manager', caseId, 'termination', terminationNotice(agencyId));
    expect(notice.status).toBe(201);
    expect(notice.json).toMatchObject({ state: 'termination-pending' });
  });
});

describe('the 403 speaks the user\'s language', () => {
  it('in French for a French-speaking intake worker', async () => {
    const caseId = await newCase('harbor');
    const refused = await submit('harbor', 'intake-worker', caseId, 'records-hold', undefined, 'fr');
    expect(refused.status).toBe(403);
    expect(refused.json.detail).toBe('Votre rôle ne permet pas d\'envoyer le formulaire « records-hold » : il faut l\'un de ces rôles : supervisor, agency-admin. Rien n\'a été enregistré.');
  });
});

describe.each(['demo', 'harbor'] as const)('%s: roles per form on the staff pages', (agencyId) => {
  const pack = packs[agencyId];
  const sensitive = [pack.hold, pack.consent, 'termination', 'discharge'];
  const links = (html: string) => [...html.matchAll(/<a href="\/staff\/[^"]+\/forms\/([a-z0-9-]+)"/g)].map((match) => match[1]);

  it('the case page offers an intake worker neither legal hold, consent, termination nor discharge, and a supervisor all of them', async () => {
    const caseId = await activeCase(agencyId);
    const intakeWorker = await signIn(stack, 'intake-worker', { agencyId });
    const page = await browse(stack, intakeWorker.jar, `/staff/${agencyId}/cases/${caseId}`);
    expect(page.status).toBe(200);
    const offered = links(await page.text());
    expect(offered.length).toBeGreaterThan(0);
    for (const formId of sensitive) expect(offered, formId).not.toContain(formId);

    const supervisor = await signIn(stack, 'supervisor', { agencyId });
    const all = links(await (await browse(stack, supervisor.jar, `/staff/${agencyId}/cases/${caseId}`)).text());
    expect(all).toEqual(expect.arrayContaining(sensitive));
  });

  it('answers an intake worker 403 for the legal-hold form\'s page and its post, and saves nothing', async () => {
    const caseId = await newCase(agencyId);
    expect((await submit(agencyId, 'supervisor', caseId, pack.hold)).status).toBe(201);
    const before = await caseOf(agencyId, caseId);
    const path = `/staff/${agencyId}/cases/${caseId}/forms/${pack.hold}`;

    const supervisor = await signIn(stack, 'supervisor', { agencyId });
    const allowed = await browse(stack, supervisor.jar, path);
    expect(allowed.status).toBe(200);
    const fields = hiddenFields(await allowed.text());

    const intakeWorker = await signIn(stack, 'intake-worker', { agencyId });
    const page = await browse(stack, intakeWorker.jar, path);
    expect(page.status).toBe(403);
    // The roles in words, as the staff bar names them.
    expect(await page.text()).toContain('it needs one of the roles supervisor, agency admin. Nothing was saved.');
    const lift: Record<string, string> = agencyId === 'demo' ? { '/hold': 'false', '/matter': 'Hold lifted' } : { '/keep': 'false', '/reason': 'Hold lifted' };
    const sent = await postForm(stack, intakeWorker.jar, path, { ...fields, ...lift });
    expect(sent.status).toBe(403);
    expect(await caseOf(agencyId, caseId)).toEqual(before);
    expect((await browse(stack, intakeWorker.jar, `/staff/${agencyId}/cases/${caseId}/forms/${pack.consent}`)).status).toBe(403);
    expect((await browse(stack, intakeWorker.jar, `/staff/${agencyId}/cases/${caseId}/forms/assessment`)).status).toBe(200);
  });
});
