import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchEntryKeys } from '../../functions/adapters/aws/match-items.ts';
import { searchKeys } from '../../functions/adapters/aws/search-items.ts';
import { keys, tableDesign } from '../../functions/contracts/table-design.ts';
import type { ClientIdentity } from '../../functions/domain/forms/identity.ts';
import { projectRoot, type LocalStack } from '../../local/stack.ts';
import { backfillAgencies, report } from '../../scripts/backfill-case-indexes.ts';
import { caseIdsUnder, harborExample, itemsUnder, matchesSection, storedCase } from '../support/case-entries.ts';
import { formsDirWithHarbor, harborPackDir } from '../support/harbor-pack.ts';
import { browse, signIn, type CookieJar } from '../support/staff-session.ts';
import { bearer, staffToken } from '../support/staff-tokens.ts';
import { demoExample, startTestStack } from '../support/test-stack.ts';
import { openCase } from '../support/open-case.ts';

// `npm run backfill`: cases stored before the case indexes existed get the entries an intake writes today. Each test
// stores cases, strips what an old case would lack with the SDK (search terms, match entries, the open-cases index
// key, and for one case the identity on its record), runs the script's function, and reads back what search, possible
// matches and caseloads see. A second run writes nothing. Demo and Harbor.
let stack: LocalStack;
let formsDir: string;
const jars = new Map<string, CookieJar>();
const dynamo = () => DynamoDBDocumentClient.from(new DynamoDBClient({}));

beforeAll(async () => {
  formsDir = formsDirWithHarbor();
  stack = await startTestStack({ formsDir, documentWorker: false });
});
afterAll(async () => { await stack?.stop(); });

const firstCaseManager = (staffFile: string): string =>
  (JSON.parse(readFileSync(staffFile, 'utf8')) as { staff: Array<{ id: string; roles: string[] }> }).staff.find((entry) => entry.roles.includes('case-manager'))!.id;

const packs = [
  {
    agencyId: 'demo', caseManager: firstCaseManager(join(projectRoot, 'form-schemas', 'demo', 'staff.json')),
    intake: (given: string, family: string, born: string, phone: string) => ({ ...demoExample(), givenName: given, familyName: family, dateOfBirth: born, contact: { ...(demoExample().contact as object), email: `${given.toLowerCase()}.${family.toLowerCase()}@example.org`, phone } }),
  },
  {
    agencyId: 'harbor', caseManager: firstCaseManager(join(harborPackDir, 'staff.json')),
    intake: (given: string, family: string, born: string, phone: string) => ({ ...harborExample(), fullName: `${given} ${family}`, bornOn: born, phone }),
  },
];

const intake = (agencyId: string, body: Record<string, unknown>) => openCase(stack, agencyId, body);

async function search(agencyId: string, q: string): Promise<string[]> {
  const response = await fetch(`${stack.url}/agencies/${agencyId}/cases?${new URLSearchParams({ q }).toString()}`, { headers: bearer(await staffToken(agencyId, ['supervisor'])) });
  expect(response.status).toBe(200);
  return ((await response.json()) as { cases: Array<{ caseId: string }> }).cases.map((record) => record.caseId);
}

async function casePage(agencyId: string, caseId: string): Promise<string> {
  if (!jars.has(agencyId)) jars.set(agencyId, (await signIn(stack, 'supervisor', { agencyId })).jar);
  const response = await browse(stack, jars.get(agencyId)!, `/staff/${agencyId}/cases/${caseId}`);
  expect(response.status).toBe(200);
  return response.text();
}

async function openCasesOf(agencyId: string, caseManager: string): Promise<string[]> {
  const { Items = [] } = await dynamo().send(new QueryCommand({
    TableName: stack.resources.tableName, IndexName: tableDesign.indexes.openCasesByManager.name,
    KeyConditionExpression: 'agencyOpenManager = :manager', ExpressionAttributeValues: { ':manager': keys.agencyManager(agencyId, caseManager) },
  }));
  return Items.map((item) => String(item.caseId));
}

/** Makes a stored case look like one from before the indexes: its entries deleted, and the given attributes removed. */
async function makeOld(agencyId: string, caseId: string, remove: readonly string[]): Promise<{ search: number; match: number }> {
  const table = stack.resources.tableName;
  const identity = (await storedCase(table, agencyId, caseId))!.identity as ClientIdentity;
  const entries = [...searchKeys(agencyId, caseId, identity), ...matchEntryKeys(agencyId, caseId, identity)];
  for (let start = 0; start < entries.length; start += 25) {
    await dynamo().send(new BatchWriteCommand({ RequestItems: { [table]: entries.slice(start, start + 25).map((Key) => ({ DeleteRequest: { Key } })) } }));
  }
  await dynamo().send(new UpdateCommand({
    TableName: table, Key: { pk: keys.case(agencyId, caseId), sk: keys.caseRecord() },
    UpdateExpression: `REMOVE ${remove.map((_, index) => `#a${index}`).join(', ')}`,
    ExpressionAttributeNames: Object.fromEntries(remove.map((name, index) => [`#a${index}`, name])),
  }));
  for (const { pk } of entries) expect(await caseIdsUnder(table, pk)).not.toContain(caseId);
  return { search: searchKeys(agencyId, caseId, identity).length, match: matchEntryKeys(agencyId, caseId, identity).length };
}

describe.each(packs)('the $agencyId pack', ({ agencyId, caseManager, intake: body }) => {
  it('files old cases for search, possible matches and caseloads; a dry run and a second run write nothing', async () => {
    const table = stack.resources.tableName;
    // An old case with identity on record and a case manager, and an older one whose identity is only in its intake.
    const managed = await intake(agencyId, body('Halvard', 'Brekke', '1958-08-18', '+1 514 555 0811'));
    const assigned = await fetch(`${stack.url}/agencies/${agencyId}/assignments`, {
      method: 'POST', headers: { ...bearer(await staffToken(agencyId, ['supervisor'])), 'content-type': 'application/json' },
      body: JSON.stringify({ caseManager, cases: [{ caseId: managed }] }),
    });
    expect(assigned.status, await assigned.clone().text()).toBe(200);
    const anonymous = await intake(agencyId, body('Oyelaran', 'Adebayo', '1983-02-27', '+1 438 555 0822'));
    const identityAtIntake = (await storedCase(table, agencyId, anonymous))!.identity;
    const strippedManaged = await makeOld(agencyId, managed, ['agencyOpenManager']);
    const strippedAnonymous = await makeOld(agencyId, anonymous, ['identity']);
    expect(await search(agencyId, 'brekke')).toEqual([]);
    expect(await search(agencyId, 'oyelaran')).toEqual([]);
    expect(await openCasesOf(agencyId, caseManager)).not.toContain(managed);

    const dryRun = (await backfillAgencies({ tableName: table, bucketName: stack.resources.bucketName, formsDir, agencyId, dryRun: true }))[agencyId]!;
    const expected = {
      stale: 0, identities: 1, caseIndexKeys: 1,
      searchTerms: strippedManaged.search + strippedAnonymous.search, matchKeys: strippedManaged.match + strippedAnonymous.match,
    };
    expect(dryRun).toMatchObject(expected);
    expect(await search(agencyId, 'brekke')).toEqual([]);
    expect((await storedCase(table, agencyId, anonymous))!.identity).toBeUndefined();

    const run = await backfillAgencies({ tableName: table, bucketName: stack.resources.bucketName, formsDir, agencyId });
    expect(run[agencyId]).toMatchObject(expected);
    expect(run[agencyId]!.cases).toBeGreaterThanOrEqual(2);
    // Search finds both (by name, and the older one by its phone); the case read its identity from its intake.
    expect(await search(agencyId, 'brekke')).toEqual([managed]);
    expect(await search(agencyId, 'oyelaran')).toEqual([anonymous]);
    expect(await search(agencyId, '4385550822')).toEqual([anonymous]);
    expect((await storedCase(table, agencyId, anonymous))!.identity).toEqual(identityAtIntake);
    // Copying the intake's facts onto the record is a change of the case: its audit trail records it.
    expect((await itemsUnder(table, keys.audit(agencyId, anonymous))).filter((item) => item.action === 'identity-recorded'))
      .toEqual([expect.objectContaining({ actor: 'backfill', roles: [], requestId: expect.stringMatching(/^backfill-/) })]);
    expect(await openCasesOf(agencyId, caseManager)).toContain(managed);
    // The match entries are back, written as an intake writes them.
    for (const { pk } of matchEntryKeys(agencyId, anonymous, identityAtIntake as ClientIdentity)) {
      expect(await itemsUnder(table, pk)).toEqual([expect.objectContaining({ type: 'match-key', agencyId, caseId: anonymous })]);
    }
    // The same person comes back: the old case shows as a possible match.
    const again = await intake(agencyId, body('Oyelaran', 'Adebayo', '1983-02-27', '+1 438 555 0899'));
    expect(matchesSection(await casePage(agencyId, again))).toContain(`/staff/${agencyId}/cases/${anonymous}`);

    // Read one case per query this time: every page is followed, and every case is found already filed.
    const second = (await backfillAgencies({ tableName: table, bucketName: stack.resources.bucketName, formsDir, agencyId, pageSize: 1 }))[agencyId]!;
    expect(second).toMatchObject({ cases: run[agencyId]!.cases + 1, stale: 0, identities: 0, searchTerms: 0, matchKeys: 0, caseIndexKeys: 0 });
    expect(report({ [agencyId]: second }, false)).toContain(`${agencyId}: ${second.cases} case(s) read; wrote 0 identities from intake answers, 0 search term(s), 0 match key(s), index keys on 0 case(s)`);
  });
});
