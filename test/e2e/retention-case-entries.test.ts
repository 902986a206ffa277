import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlobStore } from '../../functions/adapters/aws/blob-store.ts';
import { matchEntryKeys } from '../../functions/adapters/aws/match-items.ts';
import { DynamoRetentionStore } from '../../functions/adapters/aws/retention-store.ts';
import { keys } from '../../functions/contracts/table-design.ts';
import { addYears } from '../../functions/domain/cases/notice-period.ts';
import { sweepRetention } from '../../functions/domain/cases/retention.ts';
import type { ClientIdentity } from '../../functions/domain/forms/identity.ts';
import type { LocalStack } from '../../local/stack.ts';
import { caseIdsUnder, harborExample, matchesSection, storedCase } from '../support/case-entries.ts';
import { formsDirWithHarbor } from '../support/harbor-pack.ts';
import { browse, postForm, signIn, type CookieJar } from '../support/staff-session.ts';
import { submitStaffForm } from '../support/staff-api.ts';
import { staffToken } from '../support/staff-tokens.ts';
import { demoExample, startTestStack } from '../support/test-stack.ts';
import { openCase } from '../support/open-case.ts';

// Purging a case deletes what it left outside its partition too: its hashed match entries and its entry in a person's
// partition (a link to another case), found by a Query of each key. A case on legal hold keeps all of them.
// Through the real local stack, with the demo pack and Harbor.
let stack: LocalStack;
const jars = new Map<string, CookieJar>();

beforeAll(async () => { stack = await startTestStack({ formsDir: formsDirWithHarbor(), documentWorker: false }); });
afterAll(async () => { await stack?.stop(); });

interface Pack {
  readonly agencyId: string;
  /** An intake about one person: the same `who` and a small spelling change still match (date of birth and name). */
  intake(who: { name: string; born: string; phone: string }): Record<string, unknown>;
  readonly discharge: Record<string, unknown>;
  readonly holdForm: string;
  readonly hold: Record<string, unknown>;
}

const packs: readonly Pack[] = [
  {
    agencyId: 'demo',
    intake: ({ name, born, phone }) => {
      const [givenName, familyName] = name.split(' ');
      return { ...demoExample(), givenName, familyName, dateOfBirth: born, contact: { ...(demoExample().contact as object), email: `${givenName!.toLowerCase()}@example.org`, phone } };
    },
    discharge: demoExample('discharge'), holdForm: 'legal-hold', hold: demoExample('legal-hold'),
  },
  {
    agencyId: 'harbor',
    intake: ({ name, born, phone }) => ({ ...harborExample(), fullName: name, bornOn: born, phone }),
    discharge: harborExample('discharge'), holdForm: 'records-hold', hold: harborExample('records-hold'),
  },
];

const intake = (agencyId: string, body: Record<string, unknown>) => openCase(stack, agencyId, body);

async function staffSubmit(agencyId: string, caseId: string, formId: string, body: unknown): Promise<void> {
  const token = await staffToken(agencyId, ['case-manager', 'supervisor']);
  const answer = await submitStaffForm(stack, token, agencyId, caseId, formId, body);
  expect(answer.status, answer.text).toBe(201);
}

async function jar(agencyId: string): Promise<CookieJar> {
  if (!jars.has(agencyId)) jars.set(agencyId, (await signIn(stack, 'supervisor', { agencyId })).jar);
  return jars.get(agencyId)!;
}

async function link(agencyId: string, caseId: string, otherCaseId: string): Promise<void> {
  expect((await postForm(stack, await jar(agencyId), `/staff/${agencyId}/cases/${caseId}/person`, { action: 'link', otherCaseId })).status).toBe(303);
}

async function casePage(agencyId: string, caseId: string): Promise<string> {
  const response = await browse(stack, await jar(agencyId), `/staff/${agencyId}/cases/${caseId}`);
  expect(response.status).toBe(200);
  return response.text();
}

/** The partition keys of everything a case has outside its partition besides search terms: match entries, person. */
async function entryKeysOf(agencyId: string, caseId: string): Promise<{ matches: string[]; person: string }> {
  const item = (await storedCase(stack.resources.tableName, agencyId, caseId))!;
  return { matches: matchEntryKeys(agencyId, caseId, item.identity as ClientIdentity).map((key) => key.pk), person: keys.person(agencyId, String(item.personId)) };
}

const sweep = (day: string) => sweepRetention(new DynamoRetentionStore(stack.resources.tableName, new BlobStore(stack.resources.bucketName)), new Date(`${day}T12:00:00Z`), 'test-sweep', 100);

describe.each(packs)('the $agencyId pack', (pack) => {
  it('purging a case deletes its match entries and its person entry; a case on legal hold keeps them', async () => {
    const { agencyId } = pack;
    const table = stack.resources.tableName;
    const purged = await intake(agencyId, pack.intake({ name: 'Amara Okafor', born: '1979-05-14', phone: '+1 514 555 0611' }));
    const sibling = await intake(agencyId, pack.intake({ name: 'Amara Okafór', born: '1979-05-14', phone: '+1 514 555 0612' }));
    const held = await intake(agencyId, pack.intake({ name: 'Ilse Varga', born: '1966-11-02', phone: '+1 514 555 0621' }));
    const heldSibling = await intake(agencyId, pack.intake({ name: 'Ilse Vargá', born: '1966-11-02', phone: '+1 514 555 0622' }));
    await link(agencyId, sibling, purged);
    await link(agencyId, heldSibling, held);
    await staffSubmit(agencyId, purged, 'discharge', pack.discharge);
    await staffSubmit(agencyId, held, 'discharge', pack.discharge);
    await staffSubmit(agencyId, held, pack.holdForm, pack.hold);

    const purgedEntries = await entryKeysOf(agencyId, purged);
    const heldEntries = await entryKeysOf(agencyId, held);
    // Filed under date of birth, email and phone (Harbor's intake here has no email), and linked to a person.
    expect(purgedEntries.matches.length).toBe(agencyId === 'demo' ? 3 : 2);
    for (const pk of purgedEntries.matches) expect(await caseIdsUnder(table, pk)).toContain(purged);
    expect(await caseIdsUnder(table, purgedEntries.person)).toEqual(expect.arrayContaining([purged, sibling]));

    const retainUntil = String((await storedCase(table, agencyId, purged))!.retainUntil);
    expect((await sweep(addYears(retainUntil, 1))).purged).toBeGreaterThanOrEqual(1);

    expect(await storedCase(table, agencyId, purged)).toBeUndefined();
    for (const pk of purgedEntries.matches) expect(await caseIdsUnder(table, pk)).not.toContain(purged);
    expect(await caseIdsUnder(table, purgedEntries.person)).toEqual([sibling]);
    // The case linked to it keeps its own entries.
    for (const pk of (await entryKeysOf(agencyId, sibling)).matches) expect(await caseIdsUnder(table, pk)).toEqual([sibling]);

    // On legal hold: the case and every entry of it stay.
    expect(await storedCase(table, agencyId, held)).toMatchObject({ legalHold: true });
    for (const pk of heldEntries.matches) expect(await caseIdsUnder(table, pk)).toContain(held);
    expect((await caseIdsUnder(table, heldEntries.person)).sort()).toEqual([held, heldSibling].sort());

    // The same person comes back: the purged case is no possible match, the one still kept is.
    const again = await intake(agencyId, pack.intake({ name: 'Amara Okafor', born: '1979-05-14', phone: '+1 514 555 0611' }));
    const section = matchesSection(await casePage(agencyId, again));
    expect(section).not.toContain(purged);
    expect(section).toContain(`/staff/${agencyId}/cases/${sibling}`);
  });
});
