/**
 * Finding a case at 10,000 cases, on moto through the local stack's DynamoDB path (local/stack.ts: the serializing
 * proxy in front of moto): the case list's first page and searches through the search-term index, made by the real
 * adapter (DynamoCaseStore.listCases / searchCases), against a bare DynamoDB Query of one page of the agency's case
 * index on the same emulator, and the list filtered by risk flag and by last contact (FilterExpressions on that Query).
 * Milliseconds per call, in interleaved rounds (medians, ratio to the bare Query).
 *
 * The cases are seeded straight into the table in BatchWriteItem calls of the items the adapter writes (caseItem and
 * the search-term items of search-items.ts), not through HTTP intakes: 10,000 intakes would take far longer and
 * measure the intake path, not finding a case. Names are drawn from small lists, so a common first name matches
 * about 1 case in 40, and a first and family name together a handful.
 */
import { BatchWriteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { caseItem } from '../functions/adapters/aws/case-item.ts';
import { DynamoCaseStore } from '../functions/adapters/aws/case-store.ts';
import { dynamoClient } from '../functions/adapters/aws/dynamo-client.ts';
import { searchItem, searchKeys } from '../functions/adapters/aws/search-items.ts';
import { BlobStore } from '../functions/adapters/aws/blob-store.ts';
import { keys, tableDesign } from '../functions/contracts/table-design.ts';
import type { CaseRecord } from '../functions/domain/cases/case-record.ts';
import { searchWords } from '../functions/domain/cases/search-terms.ts';
import { startLocalStack } from '../local/stack.ts';
import { compare, oneOffs, type BenchSuite } from './harness.ts';

const GIVEN = ['José', 'María', 'Ana', 'Luis', 'Fatima', 'Omar', 'Wei', 'Mei', 'Lucie', 'Tom', 'Amal', 'Chen', 'Sara', 'Noah', 'Léa', 'Ali', 'Ivan', 'Olga', 'Kofi', 'Ama', 'Raj', 'Priya', 'Hugo', 'Inès', 'Yusuf', 'Zoe', 'Liam', 'Emma', 'Mateo', 'Sofía', 'Amir', 'Nadia', 'Kenji', 'Yuki', 'Pablo', 'Rosa', 'Élodie', 'Karim', 'Aisha', 'Jonas'];
const FAMILY = ['Peña-Muñoz', 'García', 'Nguyen', 'Smith', 'Haddad', 'Ngata', 'Okafor', 'Kowalski', 'Rossi', 'Dubois', 'Khan', 'Singh', 'Tanaka', 'Müller', 'Silva', 'Cohen', 'Ivanova', 'Mensah', 'Lopez', 'Martin'];
const AGENCY = 'bench-search';

function seededCase(index: number, now: string): CaseRecord {
  const given = GIVEN[index % GIVEN.length]!;
  const family = FAMILY[Math.floor(index / GIVEN.length) % FAMILY.length]!;
  return {
    agencyId: AGENCY, caseId: randomUUID(), state: index % 3 === 0 ? 'active' : 'intake', version: 1, createdAt: now, updatedAt: now,
    // One case in 20 raised a flag; every other case was contacted, on a day spread over the year.
    riskFlags: index % 20 === 0 ? ['self-harm-risk'] : [], ...(index % 2 === 0 ? { lastContactAt: new Date(Date.UTC(2026, 0, 1) + (index % 365) * 86_400_000).toISOString() } : {}),
    identity: { givenName: given, familyName: family, phone: `+1 555 ${String(1_000_000 + index).slice(1)}`, email: `client${index}@example.org` },
  } as CaseRecord;
}

async function seed(table: string, count: number, log: (message: string) => void): Promise<CaseRecord[]> {
  const records: CaseRecord[] = [];
  let batch: Record<string, unknown>[] = [];
  const flush = async () => {
    let requests = batch.map((Item) => ({ PutRequest: { Item } }));
    batch = [];
    while (requests.length > 0) {
      const result = await dynamoClient().send(new BatchWriteCommand({ RequestItems: { [table]: requests } }));
      requests = (result.UnprocessedItems?.[table] ?? []) as typeof requests;
    }
  };
  const started = Date.now();
  for (let index = 0; index < count; index += 1) {
    const record = seededCase(index, new Date(Date.UTC(2026, 0, 1) + index * 60_000).toISOString());
    records.push(record);
    for (const item of [caseItem(record), ...searchKeys(AGENCY, record.caseId, record.identity).map((key) => searchItem(key, record.caseId))]) {
      batch.push(item);
      if (batch.length === 25) await flush();
    }
    if ((index + 1) % 2000 === 0) log(`seeded ${index + 1} cases (${Math.round((Date.now() - started) / 1000)} s)`);
  }
  await flush();
  return records;
}

export const suite: BenchSuite = {
  name: 'case-search',
  description: 'The case list and case search at 10,000 cases (quick: 1,000) on moto through the real adapter, against a bare DynamoDB Query of one page of the case index on the same emulator (ms per call).',
  async run({ quick, log }) {
    const count = quick ? 1_000 : 10_000;
    const repetitions = quick ? 10 : 12;
    const stack = await startLocalStack({ port: 0, resourcePrefix: `bench-search-${Date.now()}`, documentWorker: false, sweepIntervalMs: 3_600_000, sesEventIntervalMs: 0, submissionRateLimit: false });
    try {
      const table = stack.resources.tableName;
      const seedStarted = Date.now();
      const records = await seed(table, count, log);
      const seedSeconds = Math.round((Date.now() - seedStarted) / 100) / 10;
      const store = new DynamoCaseStore(table, new BlobStore(stack.resources.bucketName));
      const target = records[Math.floor(count / 2)]!;
      const fullName = `${target.identity!.givenName} ${target.identity!.familyName}`;
      const bareQuery = () => dynamoClient().send(new QueryCommand({
        TableName: table, IndexName: tableDesign.indexes.casesByAgency.name, KeyConditionExpression: 'agencyCases = :p',
        ExpressionAttributeValues: { ':p': keys.agencyCases(AGENCY) }, ScanIndexForward: false, Limit: 25,
      }));
      const search = (typed: string) => () => store.searchCases({ agencyId: AGENCY, words: searchWords(typed), limit: 25 });
      const found = await search(fullName)();
      if (!found.cases.some((record) => record.caseId === target.caseId)) throw new Error(`search for the seeded name did not find its case`);
      const figures = await oneOffs([
        { name: 'bare Query, one page of 25 (cases-by-agency)', work: bareQuery },
        { name: 'case list, first page of 25 (listCases)', work: () => store.listCases({ agencyId: AGENCY, limit: 25 }) },
        // A FilterExpression on the same Query: 25 cases read, the ~1 in 20 flagged returned (a page may be short).
        { name: 'list filtered by risk flag (1 case in 20), one page', work: () => store.listCases({ agencyId: AGENCY, limit: 25, riskFlag: 'self-harm-risk' }) },
        { name: 'list filtered by no contact since a day, one page', work: () => store.listCases({ agencyId: AGENCY, limit: 25, noContactSince: '2026-07-01T05:00:00.000Z' }) },
        { name: 'search a first and family name (accents dropped)', work: search(fullName.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase()) },
        { name: 'search a common first name (~1 case in 40)', work: search('maria') },
        { name: 'search a phone number, last 7 digits', work: search(target.identity!.phone!.slice(-8)) },
        { name: 'search a reference', work: search(target.caseId.slice(0, 8)) },
      ], repetitions);
      const [baseline, ...others] = figures;
      return {
        comparisons: [compare(`Find a case at ${count.toLocaleString('en')} cases vs a bare Query (moto)`, baseline!, others)],
        facts: { cases: count, itemsPerCase: Math.round((count + records.reduce((sum, record) => sum + searchKeys(AGENCY, record.caseId, record.identity).length, 0)) / count * 10) / 10, seedSeconds, hitsForCommonFirstName: (await search('maria')()).cases.length },
      };
    } finally {
      await stack.stop();
    }
  },
};
