import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
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

// Issue 20 part 1: who a case is about. Each pack maps its own identity fields (x-caseforms.identity); the intake
// copies them to the case record, and the staff case list and case page show the client's name, key facts and every
// submission's answers in words. Through the real local stack, with the demo pack and Harbor (other field names, French).
let stack: LocalStack;
const jars = new Map<string, CookieJar>();

/** A staff form of Harbor's that records new contact details: it maps identity without the name. */
const CONTACT_UPDATE = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'New contact details',
  'x-caseforms': { access: 'staff', identity: { phone: '/newPhone', address: '/home' } },
  type: 'object', additionalProperties: false, required: ['newPhone'],
  properties: {
    newPhone: { title: 'New phone number', type: 'string', maxLength: 30 },
    home: { title: 'New address', type: 'object', additionalProperties: false, properties: { street: { title: 'Street', type: 'string' }, town: { title: 'Town', type: 'string' } } },
  },
  examples: [{ newPhone: '+1 555 0188', home: { street: '7 Quai Ouest', town: 'Montréal' } }],
};

beforeAll(async () => {
  const formsDir = formsDirWithHarbor();
  writeFileSync(join(formsDir, 'harbor', 'forms', 'contact-update.json'), JSON.stringify(CONTACT_UPDATE, null, 2));
  stack = await startTestStack({ formsDir, documentWorker: false });
});
afterAll(async () => { await stack?.stop(); });

const intake = (agencyId: string, body: Record<string, unknown>) => openCase(stack, agencyId, body);

async function page(agencyId: string, path: string, language?: string): Promise<string> {
  if (!jars.has(agencyId)) jars.set(agencyId, (await signIn(stack, 'supervisor', { agencyId })).jar);
  const response = await browse(stack, jars.get(agencyId)!, path, language ? { headers: { 'accept-language': language } } : {});
  expect(response.status).toBe(200);
  return response.text();
}

async function storedCase(caseId: string): Promise<Record<string, any>> {
  return (await tableItems(stack.resources.tableName)).find((item) => item.type === 'case' && item.caseId === caseId)!;
}

describe('the demo pack: given and family names, a nested phone', () => {
  it('copies the identity to the case record, and shows it on the list and the page, in any script', async () => {
    const caseId = await intake('demo', { ...demoExample(), givenName: 'أمل', familyName: 'الحداد', dateOfBirth: '1990-01-15', preferredLanguage: 'ar' });
    expect((await storedCase(caseId)).identity).toEqual({
      givenName: 'أمل', familyName: 'الحداد', dateOfBirth: '1990-01-15', language: 'ar', phone: '+1 555 0142', email: 'zoe@example.org', address: '12 Elm Court, Springfield',
    });
    // The staff API's case carries it too, as the page's does.
    const api = await fetch(`${stack.url}/agencies/demo/cases/${caseId}`, { headers: bearer(await staffToken('demo', ['supervisor'])) });
    expect(((await api.json()) as { case: { identity: unknown } }).case.identity).toMatchObject({ givenName: 'أمل' });

    const list = await page('demo', '/staff/demo/cases');
    expect(list).toContain(`<a href="/staff/demo/cases/${caseId}"><bdi dir="auto">أمل الحداد</bdi></a><span class="client-facts">Born January 15, 1990 (age `);
    expect(list).toMatch(/\(age \d+\) · Arabic<\/span>/);

    const casePage = await page('demo', `/staff/demo/cases/${caseId}`);
    expect(casePage).toContain(`<h1><bdi dir="auto">أمل الحداد</bdi> <span class="case-ref">· case ${caseId.slice(0, 8)}</span></h1>`);
    for (const fact of ['<dt>Language</dt><dd>Arabic</dd>', '<dt>Phone</dt><dd><bdi dir="auto">+1 555 0142</bdi></dd>', '<dt>Email</dt><dd><bdi dir="auto">zoe@example.org</bdi></dd>', '<dt>Address</dt><dd><bdi dir="auto">12 Elm Court, Springfield</bdi></dd>']) {
      expect(casePage).toContain(fact);
    }
  });

  it('shows every submission\'s answers in words, a staff-recorded instrument with its score and band', async () => {
    const caseId = await intake('demo', demoExample());
    const recorded = await fetch(`${stack.url}/agencies/demo/cases/${caseId}/forms/phq-9/submissions`, {
      method: 'POST', headers: { ...bearer(await staffToken('demo', ['case-manager'])), 'content-type': 'application/json' }, body: JSON.stringify(demoExample('phq-9')),
    });
    expect(recorded.status).toBe(201);
    const casePage = await page('demo', `/staff/demo/cases/${caseId}`);
    expect(casePage.match(/<details class="submission">/g)).toHaveLength(2);
    expect(casePage).toContain('<dt>Preferred language</dt><dd>Español</dd>');
    expect(casePage).toContain('<dt>What do you need help with?</dt><dd>Housing and Food</dd>');
    expect(casePage).toContain('<dt>Is it safe for us to email you?</dt><dd>Yes</dd>');
    expect(casePage).toContain('<li><strong>PHQ-9 total: 7</strong> (Mild)</li>');
    expect(casePage).toContain('<dt>Feeling tired or having little energy</dt><dd>Several days (1)</dd>');
  });

  it('escapes a name that is markup, on the list and the page', async () => {
    const caseId = await intake('demo', { ...demoExample(), givenName: '<script>alert(1)</script>', familyName: '"><img src=x onerror=alert(2)>' });
    for (const html of [await page('demo', '/staff/demo/cases'), await page('demo', `/staff/demo/cases/${caseId}`)]) {
      expect(html).not.toContain('<script>alert(1)');
      expect(html).not.toContain('<img src=x');
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &quot;&gt;&lt;img src&#61;x onerror&#61;alert(2)&gt;');
    }
  });

  it('a case opened before identity was recorded still shows: named on its page from its intake, by its reference in the list', async () => {
    const caseId = await intake('demo', { ...demoExample(), givenName: 'Wen', familyName: '王' });
    const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({}));
    // The case item as an older version of the service wrote it: everything but the identity.
    const { identity: _, ...older } = await storedCase(caseId);
    expect(older.pk).toBe(keys.case('demo', caseId));
    await dynamo.send(new PutCommand({ TableName: stack.resources.tableName, Item: older }));
    expect((await storedCase(caseId)).identity).toBeUndefined();
    expect(await page('demo', '/staff/demo/cases')).toContain(`<a href="/staff/demo/cases/${caseId}">Case ${caseId.slice(0, 8)}</a>`);
    expect(await page('demo', `/staff/demo/cases/${caseId}`)).toContain('<h1><bdi dir="auto">Wen 王</bdi>');
  });
});

describe('the Harbor pack: one name field, a preferred name, French', () => {
  it('copies its own fields, and shows the answers in the reader\'s language with the section that did not apply left out', async () => {
    // Repairs, yet an eviction section sent along (a page without script shows every section): it does not apply.
    const caseId = await intake('harbor', { ...harborExample('intake', 1), knownAs: 'Tom', bornOn: '1975-06-30', eviction: { noticeReceivedOn: '2026-11-28', noticeKind: 'no-cause' } });
    expect((await storedCase(caseId)).identity).toEqual({ name: 'Tomás Peña', preferredName: 'Tom', dateOfBirth: '1975-06-30', language: 'en', phone: '555 0100 22', email: 'tomas@example.org' });

    const list = await page('harbor', '/staff/harbor/cases');
    expect(list).toContain(`<a href="/staff/harbor/cases/${caseId}"><bdi dir="auto">Tomás Peña</bdi> <span class="preferred">(goes by <bdi dir="auto">Tom</bdi>)</span></a><span class="client-facts">Born June 30, 1975 (age `);

    const french = await page('harbor', `/staff/harbor/cases/${caseId}`, 'fr');
    // The reader's browser asks for French: the staff page itself is French, as are the answers.
    expect(french).toContain('<html lang="fr" dir="ltr">');
    expect(french).toContain('<dt>Nom d’usage</dt><dd><bdi dir="auto">Tom</bdi></dd>');
    expect(french).toContain('<h2 id="answers">Réponses</h2>');
    // The form by the pack's French title, the state by the staff pages' French word.
    expect(french).toMatch(/<summary>Demande d&#39;aide au logement, reçu le \d{4}-\d{2}-\d{2} \d{2}:\d{2}<\/summary>/);
    expect(french).toContain('<dt>État</dt><dd>Accueil</dd>');
    expect(french).not.toMatch(/Tenant help request|Next steps|Timeline/);
    expect(french).toContain('<div lang="fr">');
    expect(french).toContain('<dt>Nom complet</dt><dd><span lang="en" dir="auto">Tomás Peña</span></dd>');
    expect(french).toContain('<dt>De quoi avez-vous besoin ?</dt><dd>Des réparations que le propriétaire refuse</dd>');
    expect(french).not.toContain('2026-11-28');
    const english = await page('harbor', `/staff/harbor/cases/${caseId}`);
    expect(english).toContain('<dt>Full name</dt>');
    expect(english).toContain('<dt>May we email you?</dt><dd>Yes</dd>');
  });
  it('a staff form that maps identity updates the facts it answers and keeps the others', async () => {
    const caseId = await intake('harbor', harborExample());
    const sent = await fetch(`${stack.url}/agencies/harbor/cases/${caseId}/forms/contact-update/submissions`, {
      method: 'POST', headers: { ...bearer(await staffToken('harbor', ['case-manager'])), 'content-type': 'application/json' }, body: JSON.stringify(CONTACT_UPDATE.examples[0]),
    });
    expect(sent.status).toBe(201);
    expect((await storedCase(caseId)).identity).toEqual({ name: 'Lucie Ngata', preferredName: 'Lulu', dateOfBirth: '1988-04-02', language: 'fr', phone: '+1 555 0188', address: '7 Quai Ouest, Montréal' });
    expect(await page('harbor', `/staff/harbor/cases/${caseId}`)).toContain('<dt>Address</dt><dd><bdi dir="auto">7 Quai Ouest, Montréal</bdi></dd>');
  });
});
