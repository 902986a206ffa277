import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, localDate } from '../../functions/domain/cases/notice-period.ts';
import { tableItems } from '../../local/aws-readback.ts';
import type { LocalStack } from '../../local/stack.ts';
import { formsDirWithHarbor, harborApiKeyHeader } from '../support/harbor-pack.ts';
import { browse, signIn, type CookieJar } from '../support/staff-session.ts';
import { bearer, staffToken } from '../support/staff-tokens.ts';
import { demoExample, post, startTestStack } from '../support/test-stack.ts';
import { harborExample } from '../support/case-entries.ts';

// Issue 20 part 2: the case list filtered by risk flag (one the pack's scoring declares, or any) and by "no contact
// since" a day (last contact kept on the case by the note's own transaction; a missed appointment is no contact),
// through the JSON API, the page and the CSV, alone and with a search. The demo pack and Harbor (another pack, another
// time zone, its own flag from its housing-stability instrument).
type Agency = 'demo' | 'harbor';
const packs = {
  demo: {
    timeZone: 'America/Chicago', flag: 'self-harm-risk', flagTitle: 'Thoughts of being better off dead or of self-harm (PHQ-9 item 9 above 0)',
    otherLanguage: 'es', otherLanguageDate: 'noContactSince: indique una fecha, por ejemplo 2026-03-31',
    otherFlag: 'imminent-homelessness', flagForm: 'phq-9', flagAnswers: { q1: 3, q2: 3, q3: 2, q4: 2, q5: 1, q6: 1, q7: 1, q8: 0, q9: 1 },
    named: (family: string) => ({ ...demoExample(), givenName: 'Ana', familyName: family }),
  },
  harbor: {
    timeZone: 'America/Los_Angeles', flag: 'imminent-homelessness', flagTitle: 'Fears losing their home always (item 4 = 3)',
    otherLanguage: 'fr', otherLanguageDate: 'noContactSince : indiquez une date, par exemple 2026-03-31',
    otherFlag: 'self-harm-risk', flagForm: 'housing-stability', flagAnswers: { rentLate: 1, utilitiesOff: 0, overcrowded: 2, fearOfLosingHome: 3 },
    named: (family: string) => ({ ...harborExample('intake'), fullName: `Ana ${family}` }),
  },
} as const;

let stack: LocalStack;
const jars = new Map<Agency, CookieJar>();
beforeAll(async () => { stack = await startTestStack({ formsDir: formsDirWithHarbor(), documentWorker: false }); });
afterAll(async () => { await stack?.stop(); });

async function api(agencyId: Agency, method: 'GET' | 'POST', path: string, body?: unknown, language?: string) {
  const response = await fetch(`${stack.url}/agencies/${agencyId}${path}`, {
    method,
    headers: { ...bearer(await staffToken(agencyId, ['case-manager'])), ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(language ? { 'accept-language': language } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, json: (await response.json()) as Record<string, any> };
}

async function listed(agencyId: Agency, parameters: Record<string, string>): Promise<string[]> {
  const response = await api(agencyId, 'GET', `/cases?${new URLSearchParams({ limit: '100', ...parameters }).toString()}`);
  expect(response.status, JSON.stringify(response.json)).toBe(200);
  expect(response.json.nextCursor, 'every case of this test fits one page').toBeUndefined();
  return (response.json.cases as Array<{ caseId: string }>).map((record) => record.caseId);
}

async function page(agencyId: Agency, parameters: Record<string, string>): Promise<{ status: number; html: string }> {
  if (!jars.has(agencyId)) jars.set(agencyId, (await signIn(stack, 'case-manager', { agencyId, email: `cm@${agencyId}.example` })).jar);
  const response = await browse(stack, jars.get(agencyId)!, `/staff/${agencyId}/cases?${new URLSearchParams(parameters).toString()}`);
  return { status: response.status, html: await response.text() };
}

async function csv(agencyId: Agency, href: string): Promise<string[][]> {
  const response = await browse(stack, jars.get(agencyId)!, href.replaceAll('&#61;', '=').replaceAll('&amp;', '&'));
  expect(response.status).toBe(200);
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer());
  // Cells here hold no commas or quotes: the flag ids, dates and names of this test have none.
  return text.slice(1).trimEnd().split('\r\n').map((line) => line.split(','));
}

const caseItem = async (caseId: string) => (await tableItems(stack.resources.tableName)).find((item) => item.type === 'case' && item.caseId === caseId)!;

describe.each(['demo', 'harbor'] as const)('%s: filters by risk flag and by last contact', (agencyId) => {
  const pack = packs[agencyId];
  const family = `Filtra${randomBytes(3).toString('hex')}`;
  const today = () => localDate(new Date(), pack.timeZone);
  const recentDay = () => addDays(today(), -1);
  const oldDay = () => addDays(today(), -60);
  const since = () => addDays(today(), -30);
  // flagged and recently contacted; unflagged, contacted long ago, then a missed appointment; flagged and never
  // contacted; unflagged, contacted recently, then a note about an older contact saved after it.
  const cases = { flaggedRecent: '', quietOld: '', flaggedNever: '', recentThenOlder: '' };

  const intake = async () => {
    const response = await post(stack, `/agencies/${agencyId}/forms/intake/submissions`, { body: JSON.stringify(pack.named(family)), headers: agencyId === 'harbor' ? harborApiKeyHeader : {} });
    expect(response.status).toBe(201);
    return (response.json as { caseId: string }).caseId;
  };
  const raiseFlag = async (caseId: string) => expect((await api(agencyId, 'POST', `/cases/${caseId}/forms/${pack.flagForm}/submissions`, pack.flagAnswers)).status).toBe(201);
  const note = async (caseId: string, contactType: string, day: string) => {
    const saved = await api(agencyId, 'POST', `/cases/${caseId}/notes`, { contactType, contactedAt: `${day}T10:00`, narrative: 'Spoke about the plan.' });
    expect(saved.status, JSON.stringify(saved.json)).toBe(201);
    return saved.json.note.contactedAt as string;
  };

  beforeAll(async () => {
    cases.flaggedRecent = await intake();
    await raiseFlag(cases.flaggedRecent);
    await note(cases.flaggedRecent, 'phone', recentDay());
    cases.quietOld = await intake();
    await note(cases.quietOld, 'home-visit', oldDay());
    await note(cases.quietOld, 'missed-appointment', recentDay());
    cases.flaggedNever = await intake();
    await raiseFlag(cases.flaggedNever);
    await note(cases.flaggedNever, 'missed-appointment', recentDay());
    cases.recentThenOlder = await intake();
    await note(cases.recentThenOlder, 'office-visit', recentDay());
    await note(cases.recentThenOlder, 'letter', oldDay());
  });

  it('keeps the latest contact made on the case record, in the note\'s transaction; a missed appointment is none', async () => {
    const items = await tableItems(stack.resources.tableName);
    const contactedAt = (caseId: string, contactType: string) => items.find((item) => item.type === 'note' && item.caseId === caseId && item.contactType === contactType)!.contactedAt;
    const stored = (caseId: string) => items.find((item) => item.type === 'case' && item.caseId === caseId)!;
    expect(stored(cases.flaggedRecent).riskFlags).toContain(pack.flag);
    expect(stored(cases.flaggedRecent).lastContactAt).toBe(contactedAt(cases.flaggedRecent, 'phone'));
    expect(stored(cases.quietOld).lastContactAt).toBe(contactedAt(cases.quietOld, 'home-visit'));
    expect(stored(cases.flaggedNever).lastContactAt).toBeUndefined();
    // The older contact's note is saved (its own transaction, without the case change), the later contact stays.
    expect(contactedAt(cases.recentThenOlder, 'letter')).toMatch(new RegExp(`^${oldDay()}T`));
    expect(stored(cases.recentThenOlder).lastContactAt).toBe(contactedAt(cases.recentThenOlder, 'office-visit'));
    expect(stored(cases.quietOld).riskFlags ?? []).toEqual([]);
  });

  it('the API filters by the pack\'s flag, by any flag, by no contact since a day, and by both', async () => {
    const mine = Object.values(cases);
    const only = (found: string[]) => found.filter((caseId) => mine.includes(caseId)).sort();
    expect(only(await listed(agencyId, { riskFlag: pack.flag }))).toEqual([cases.flaggedRecent, cases.flaggedNever].sort());
    expect(only(await listed(agencyId, { riskFlag: 'any' }))).toEqual([cases.flaggedRecent, cases.flaggedNever].sort());
    expect(only(await listed(agencyId, { noContactSince: since() }))).toEqual([cases.quietOld, cases.flaggedNever].sort());
    expect(only(await listed(agencyId, { noContactSince: since(), riskFlag: 'any' }))).toEqual([cases.flaggedNever]);
    expect(only(await listed(agencyId, { noContactSince: since(), state: 'intake', riskFlag: pack.flag }))).toEqual([cases.flaggedNever]);
    const listedCase = (await api(agencyId, 'GET', `/cases?riskFlag=${pack.flag}`)).json.cases.find((record: { caseId: string }) => record.caseId === cases.flaggedRecent);
    expect(listedCase.lastContactAt).toBe((await caseItem(cases.flaggedRecent)).lastContactAt);
  });

  it('applies both filters to a search\'s results', async () => {
    const search = async (extra: Record<string, string>) => (await api(agencyId, 'GET', `/cases?${new URLSearchParams({ q: family, ...extra }).toString()}`)).json.cases.map((record: { caseId: string }) => record.caseId).sort();
    expect(await search({})).toEqual(Object.values(cases).sort());
    expect(await search({ riskFlag: pack.flag })).toEqual([cases.flaggedRecent, cases.flaggedNever].sort());
    expect(await search({ noContactSince: since() })).toEqual([cases.quietOld, cases.flaggedNever].sort());
    expect(await search({ noContactSince: since(), riskFlag: 'any' })).toEqual([cases.flaggedNever]);
    const found = await page(agencyId, { q: family, riskFlag: 'any', noContactSince: since() });
    expect(found.html).toContain(`/staff/${agencyId}/cases/${cases.flaggedNever}"`);
    expect(found.html).not.toContain(`/staff/${agencyId}/cases/${cases.flaggedRecent}"`);
    expect(found.html).not.toContain(`/staff/${agencyId}/cases/${cases.quietOld}"`);
  });

  it('refuses another pack\'s flag and a date that is not one, in the API user\'s words', async () => {
    const refused = await api(agencyId, 'GET', `/cases?riskFlag=${pack.otherFlag}&noContactSince=2026-02-30`);
    expect(refused.status).toBe(400);
    const [flagError, dateError] = refused.json.errors.map((error: { message: string }) => error.message);
    expect(flagError).toMatch(/^riskFlag: choose a risk flag this agency's forms raise, or any: .*any$/);
    expect(flagError).toContain(pack.flag);
    expect(flagError).not.toContain(pack.otherFlag);
    expect(dateError).toBe('noContactSince: give a date such as 2026-03-31');
    const inTheirLanguage = await api(agencyId, 'GET', '/cases?noContactSince=hier', undefined, pack.otherLanguage);
    expect(inTheirLanguage.json.errors[0].message).toBe(pack.otherLanguageDate);
  });

  it('the page offers the pack\'s flags by title, keeps the choice, shows the last contact, and its CSV has the same cases', async () => {
    const shown = await page(agencyId, { riskFlag: pack.flag });
    expect(shown.status).toBe(200);
    expect(shown.html).toContain(`<option value="${pack.flag}" selected>${pack.flagTitle.replace('=', '&#61;')}</option>`);
    expect(shown.html).not.toContain(`value="${pack.otherFlag}"`);
    expect(shown.html).toContain('<th scope="col">Last contact</th>');
    const row = (caseId: string) => shown.html.split('<tr>').find((tr) => tr.includes(`/cases/${caseId}"`))!;
    expect(row(cases.flaggedRecent)).toContain(`<td>${recentDay()}</td></tr>`);
    expect(row(cases.flaggedNever)).toContain('<td>—</td></tr>');
    expect(shown.html).not.toContain(`/cases/${cases.quietOld}"`);

    const both = await page(agencyId, { riskFlag: 'any', noContactSince: since() });
    expect(both.html).toContain(`value="${since()}"`);
    expect(both.html).toContain(`/cases/${cases.flaggedNever}"`);
    expect(both.html).not.toContain(`/cases/${cases.flaggedRecent}"`);
    const href = /href="([^"]+)">Download these cases as CSV</.exec(both.html)![1]!;
    expect(href).toContain(`noContactSince&#61;${since()}`);
    const [header, ...rows] = await csv(agencyId, href);
    expect(header!.at(-1)).toBe('Last contact');
    const ids = rows.map((cells) => cells[1]);
    expect(ids).toContain(cases.flaggedNever);
    expect(ids).not.toContain(cases.flaggedRecent);
    expect(ids).not.toContain(cases.quietOld);
    expect(rows.find((cells) => cells[1] === cases.flaggedNever)!.at(-1)).toBe('');

    const flagged = await csv(agencyId, `/staff/${agencyId}/exports/case-list?riskFlag=${pack.flag}`);
    expect(flagged.find((cells) => cells[1] === cases.flaggedRecent)!.at(-1)).toBe((await caseItem(cases.flaggedRecent)).lastContactAt);
  });

  it('says in words which filters the page could not use, and the CSV refuses them', async () => {
    const bad = await page(agencyId, { riskFlag: pack.otherFlag, noContactSince: 'yesterday' });
    expect(bad.status).toBe(200);
    expect(bad.html).toContain('That risk flag is not one this agency&#39;s forms raise.');
    expect(bad.html).toContain('No contact since must be a date.');
    const refused = await browse(stack, jars.get(agencyId)!, `/staff/${agencyId}/exports/case-list?noContactSince=yesterday`);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('No contact since must be a date.');
  });
});
