import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchEntryKeys } from '../../functions/adapters/aws/match-items.ts';
import type { LocalStack } from '../../local/stack.ts';
import { caseIdsUnder, harborExample, matchesSection, storedCase } from '../support/case-entries.ts';
import { formsDirWithHarbor } from '../support/harbor-pack.ts';
import { browse, signIn, type CookieJar } from '../support/staff-session.ts';
import { bearer, staffToken } from '../support/staff-tokens.ts';
import { demoExample, startTestStack } from '../support/test-stack.ts';
import { openCase } from '../support/open-case.ts';

// A staff form that changes identity facts re-files the case's possible-match entries in the same transaction as the
// case: the new phone finds the client's other cases, the old one no longer finds this case. Demo and Harbor.
let stack: LocalStack;
const jars = new Map<string, CookieJar>();

/** A staff form recording new contact details, as a pack would add one (`x-caseforms.identity` on a staff form). */
const contactUpdate = (title: string) => ({
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title,
  'x-caseforms': { access: 'staff', identity: { phone: '/newPhone', email: '/newEmail' } },
  type: 'object', additionalProperties: false, required: ['newPhone'],
  properties: { newPhone: { title: 'New phone number', type: 'string', maxLength: 30 }, newEmail: { title: 'New email address', type: 'string', format: 'email', maxLength: 200 } },
  examples: [{ newPhone: '+1 514 555 7301' }],
});

beforeAll(async () => {
  const formsDir = formsDirWithHarbor();
  writeFileSync(join(formsDir, 'demo', 'forms', 'contact-update.json'), JSON.stringify(contactUpdate('New contact details'), null, 2));
  writeFileSync(join(formsDir, 'harbor', 'forms', 'contact-update.json'), JSON.stringify(contactUpdate('Nouvelles coordonnées'), null, 2));
  stack = await startTestStack({ formsDir, documentWorker: false });
});
afterAll(async () => { await stack?.stop(); });

const packs = [
  { agencyId: 'demo', intake: (name: string, born: string, phone: string) => ({ ...demoExample(), givenName: name, familyName: 'Testa', dateOfBirth: born, contact: { ...(demoExample().contact as object), email: `${name.toLowerCase()}@example.org`, phone } }) },
  { agencyId: 'harbor', intake: (name: string, born: string, phone: string) => ({ ...harborExample(), fullName: `${name} Testa`, bornOn: born, phone }) },
];

const intake = (agencyId: string, body: Record<string, unknown>) => openCase(stack, agencyId, body);

async function casePage(agencyId: string, caseId: string): Promise<string> {
  if (!jars.has(agencyId)) jars.set(agencyId, (await signIn(stack, 'supervisor', { agencyId })).jar);
  const response = await browse(stack, jars.get(agencyId)!, `/staff/${agencyId}/cases/${caseId}`);
  expect(response.status).toBe(200);
  return response.text();
}

describe.each(packs)('the $agencyId pack', ({ agencyId, intake: body }) => {
  it('moves the case\'s phone and email entries to the new facts, in the same write as the case', async () => {
    const table = stack.resources.tableName;
    const moved = await intake(agencyId, body('Rosa', '1971-03-03', '+1 514 555 0711'));
    const reached = await intake(agencyId, body('Pia', '1990-09-09', '+1 438 555 0722'));
    const before = (await storedCase(table, agencyId, moved))!;
    const oldKeys = matchEntryKeys(agencyId, moved, before.identity as Record<string, string>).map((key) => key.pk);

    const token = await staffToken(agencyId, ['case-manager']);
    const response = await fetch(`${stack.url}/agencies/${agencyId}/cases/${moved}/forms/contact-update/submissions`, {
      method: 'POST', headers: { ...bearer(token), 'content-type': 'application/json' }, body: JSON.stringify({ newPhone: '438-555-0722', newEmail: 'Rosa.New@Example.org' }),
    });
    expect(response.status, await response.clone().text()).toBe(201);

    const after = (await storedCase(table, agencyId, moved))!;
    expect(after.version).toBe(Number(before.version) + 1);
    const newKeys = matchEntryKeys(agencyId, moved, after.identity as Record<string, string>).map((key) => key.pk);
    // The date of birth is unchanged: its entry stays. Phone and email: old entries gone, new ones filed.
    const kept = oldKeys.filter((pk) => newKeys.includes(pk));
    expect(kept).toHaveLength(1);
    for (const pk of oldKeys.filter((pk) => !kept.includes(pk))) expect(await caseIdsUnder(table, pk)).not.toContain(moved);
    expect(newKeys).toHaveLength(3);
    for (const pk of newKeys) expect(await caseIdsUnder(table, pk)).toContain(moved);

    // The new phone is Pia's: each case now shows the other; a new intake with Rosa's old phone shows neither.
    expect(matchesSection(await casePage(agencyId, reached))).toContain(`/staff/${agencyId}/cases/${moved}`);
    expect(matchesSection(await casePage(agencyId, moved))).toContain('Same phone number.');
    const oldPhone = await intake(agencyId, body('Noor', '2001-01-01', '+1 514 555 0711'));
    expect(matchesSection(await casePage(agencyId, oldPhone))).toBe('');
  });
});
