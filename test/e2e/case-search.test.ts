import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../functions/contracts/table-design.ts';
import { tableItems } from '../../local/aws-readback.ts';
import type { LocalStack } from '../../local/stack.ts';
import { formsDirWithHarbor } from '../support/harbor-pack.ts';
import { browse, signIn, type CookieJar } from '../support/staff-session.ts';
import { bearer, staffToken } from '../support/staff-tokens.ts';
import { demoExample, startTestStack } from '../support/test-stack.ts';
import { openCase } from '../support/open-case.ts';
import { harborExample } from '../support/case-entries.ts';

// Issue 20 part 2: find a case by the client's name (accent- and case-insensitive, partial), reference, phone or email,
// within the agency only, through the search-term index; every search audited with what was typed. Demo and Harbor.
let stack: LocalStack;
const jars = new Map<string, CookieJar>();

/** A Harbor staff form that records a new phone number: the old number must stop finding the case. */
const CONTACT_UPDATE = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'New contact details',
  'x-caseforms': { access: 'staff', identity: { phone: '/newPhone' } },
  type: 'object', additionalProperties: false, required: ['newPhone'],
  properties: { newPhone: { title: 'New phone number', type: 'string', maxLength: 30 } },
  examples: [{ newPhone: '+1 514 555 7301' }],
};

beforeAll(async () => {
  const formsDir = formsDirWithHarbor();
  writeFileSync(join(formsDir, 'harbor', 'forms', 'contact-update.json'), JSON.stringify(CONTACT_UPDATE, null, 2));
  stack = await startTestStack({ formsDir, documentWorker: false });
});
afterAll(async () => { await stack?.stop(); });

const intake = (agencyId: string, body: Record<string, unknown>) => openCase(stack, agencyId, body);

async function searchPage(agencyId: string, parameters: Record<string, string>): Promise<string> {
  if (!jars.has(agencyId)) jars.set(agencyId, (await signIn(stack, 'case-manager', { agencyId, email: `cm@${agencyId}.example` })).jar);
  const response = await browse(stack, jars.get(agencyId)!, `/staff/${agencyId}/cases?${new URLSearchParams(parameters).toString()}`);
  expect(response.status).toBe(200);
  return response.text();
}

async function searchApi(agencyId: string, q: string, extra: Record<string, string> = {}): Promise<{ status: number; ids: string[] }> {
  const response = await fetch(`${stack.url}/agencies/${agencyId}/cases?${new URLSearchParams({ q, ...extra }).toString()}`, { headers: bearer(await staffToken(agencyId, ['supervisor'])) });
  const body = (await response.json()) as { cases?: Array<{ caseId: string }> };
  return { status: response.status, ids: (body.cases ?? []).map((record) => record.caseId) };
}

const searchEntries = async (caseId: string) =>
  (await tableItems(stack.resources.tableName)).filter((item) => item.type === 'search-term' && item.caseId === caseId).map((item) => `${item.pk} ${item.sk}`);

describe('the demo pack: given and family names', () => {
  let caseId: string;
  const email = `Jose.${randomBytes(3).toString('hex')}@Example.org`;
  beforeAll(async () => {
    caseId = await intake('demo', { ...demoExample(), givenName: 'José', familyName: 'Peña-Muñoz', contact: { phone: '+1 (415) 555-0173', email, emailIsSafe: true } });
  });

  it('stores the case\'s search terms beside it, in partitions of the agency', async () => {
    const entries = await searchEntries(caseId);
    expect(entries).toEqual(expect.arrayContaining([
      `${keys.searchTerms('demo', 'jo')} jose#${caseId}`, `${keys.searchTerms('demo', 'pe')} pena#${caseId}`, `${keys.searchTerms('demo', 'mu')} munoz#${caseId}`,
      `${keys.searchTerms('demo', '55')} 5550173#${caseId}`, `${keys.searchTerms('demo', email.slice(0, 2).toLowerCase())} ${email.toLowerCase()}#${caseId}`,
    ]));
    expect(entries.every((entry) => entry.startsWith('AGENCY#demo#SEARCH#'))).toBe(true);
  });

  it('"jose pena" finds "José Peña-Muñoz" on the list page, and the search is audited as typed', async () => {
    const html = await searchPage('demo', { q: 'jose pena' });
    expect(html).toContain(`<a href="/staff/demo/cases/${caseId}"><bdi dir="auto">José Peña-Muñoz</bdi></a>`);
    expect(html).toContain('value="jose pena"');
    expect(html).toContain('Cases matching “jose pena”');
    const audit = (await tableItems(stack.resources.tableName)).filter((item) => item.type === 'audit' && item.action === 'search-cases');
    expect(audit).toEqual(expect.arrayContaining([expect.objectContaining({ pk: keys.audit('demo', 'agency'), query: 'jose pena', actor: expect.any(String) })]));
  });

  it('finds the case by reference, phone however written, email in any case, through the API', async () => {
    for (const typed of [caseId.slice(0, 8).toUpperCase(), '415 555 0173', '555-0173', email.toUpperCase(), 'MUÑOZ']) {
      const found = await searchApi('demo', typed);
      expect(found.status, typed).toBe(200);
      expect(found.ids, typed).toContain(caseId);
    }
    expect((await searchApi('demo', 'jose garcia')).ids).not.toContain(caseId);
  });

  it('applies the list\'s filters to what it finds', async () => {
    expect((await searchApi('demo', 'pena', { state: 'intake' })).ids).toContain(caseId);
    expect((await searchApi('demo', 'pena', { state: 'active' })).ids).not.toContain(caseId);
    const page = await searchPage('demo', { q: 'pena', state: 'active' });
    expect(page).not.toContain(caseId);
  });

  it('says in words when the search is too short, and refuses it in the API', async () => {
    expect(await searchPage('demo', { q: 'j' })).toContain('Type at least 2 letters or digits');
    expect((await searchApi('demo', 'j')).status).toBe(400);
  });
});

describe('the Harbor pack: one name field, a preferred name', () => {
  it('finds its clients by name and preferred name, never another agency\'s cases', async () => {
    const harborCase = await intake('harbor', { ...harborExample('intake', 1), knownAs: 'Tomasito' });
    const demoCase = await intake('demo', { ...demoExample(), givenName: 'Tomás', familyName: 'Peña' });
    expect((await searchApi('harbor', 'tomasito')).ids).toEqual([harborCase]);
    const harborHits = (await searchApi('harbor', 'tomas pena')).ids;
    expect(harborHits).toContain(harborCase);
    expect(harborHits).not.toContain(demoCase);
    expect((await searchApi('demo', 'tomas pena')).ids).toContain(demoCase);
    expect((await searchApi('demo', 'tomas pena')).ids).not.toContain(harborCase);
    expect((await searchApi('demo', harborCase.slice(0, 8))).ids).toEqual([]);
    const html = await searchPage('harbor', { q: 'Tomás' });
    expect(html).toContain(`/staff/harbor/cases/${harborCase}`);
    expect(html).not.toContain(demoCase);
  });

  it('follows a change of phone: the old number no longer finds the case, its entries are gone', async () => {
    const caseId = await intake('harbor', harborExample());
    expect((await searchApi('harbor', '555 0177')).ids).toContain(caseId);
    const sent = await fetch(`${stack.url}/agencies/harbor/cases/${caseId}/forms/contact-update/submissions`, {
      method: 'POST', headers: { ...bearer(await staffToken('harbor', ['case-manager'])), 'content-type': 'application/json' }, body: JSON.stringify(CONTACT_UPDATE.examples[0]),
    });
    expect(sent.status).toBe(201);
    expect((await searchApi('harbor', '555 0177')).ids).not.toContain(caseId);
    expect((await searchApi('harbor', '514-555-7301')).ids).toContain(caseId);
    const entries = await searchEntries(caseId);
    expect(entries.some((entry) => entry.includes(' 5550177'))).toBe(false);
    expect(entries).toContain(`${keys.searchTerms('harbor', '55')} 5557301#${caseId}`);
  });
});
