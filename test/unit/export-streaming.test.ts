import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { CaseQuery, CasePage } from '../../functions/domain/cases/case-list.ts';
import type { CaseRecord } from '../../functions/domain/cases/case-record.ts';
import { everyCase } from '../../functions/domain/cases/every-case.ts';
import { caseListCsv, CASE_LIST_COLUMNS } from '../../functions/domain/exports/case-list-csv.ts';
import { streamedDownload } from '../../functions/web/http/streamed-download.ts';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

function retainedHeap(): number {
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

// Exports are written as storage is read: a fake case index of 100,000 cases in pages of 100, counting the pages it
// was asked for, shows the pages are read only as the file needs them and that memory does not grow with the file.
const PAGES = 1_000;
const PER_PAGE = 100;

class PagedCases {
  pagesRead = 0;
  readonly queries: CaseQuery[] = [];
  async listCases(query: CaseQuery): Promise<CasePage> {
    this.queries.push(query);
    const page = query.cursor === undefined ? 0 : Number(query.cursor.page);
    this.pagesRead += 1;
    const cases = Array.from({ length: PER_PAGE }, (_, index): CaseRecord => {
      const n = page * PER_PAGE + index;
      return {
        agencyId: 'harbor', caseId: `${n.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`, state: 'active', version: 1,
        createdAt: '2026-11-01T08:00:00.000Z', updatedAt: '2026-11-02T08:00:00.000Z', caseManager: `sub-${n % 7}`, caseManagerEmail: `cm${n % 7}@harbor.test`,
        reviewDueAt: '2027-01-15', riskFlags: n % 10 === 0 ? ['imminent-homelessness'] : [],
      };
    });
    return { cases, cursor: page + 1 < PAGES ? { page: page + 1 } : undefined };
  }
}

describe('the case list CSV, written from a paged case index', () => {
  it('reads the first page only when the first case is needed, and the next only when the file reaches it', async () => {
    const store = new PagedCases();
    const csv = caseListCsv(everyCase(store, { agencyId: 'harbor', state: 'active' }));
    expect((await csv.next()).value).toBe('\uFEFFReference,Case,Client,Preferred name,Date of birth,State,Case manager,Created,Updated,Review due,Risk flags,Last contact\r\n');
    expect(store.pagesRead).toBe(0);
    await csv.next();
    expect(store.pagesRead).toBe(1);
    for (let record = 1; record < PER_PAGE; record += 1) await csv.next();
    expect(store.pagesRead).toBe(1);
    await csv.next();
    expect(store.pagesRead).toBe(2);
    // The filters travel with every page's query, and each page continues where the last ended.
    expect(store.queries.map((query) => query.state)).toEqual(['active', 'active']);
    expect(store.queries[1]!.cursor).toEqual({ page: 1 });
    await csv.return(undefined);
  });

  it('writes 100,000 cases with memory that does not grow with the file', async () => {
    const store = new PagedCases();
    const csv = caseListCsv(everyCase(store, { agencyId: 'harbor' }));
    let bytes = 0;
    let records = 0;
    const retained: number[] = [];
    for await (const chunk of csv) {
      bytes += chunk.length;
      records += 1;
      // What is still reachable, measured after a full collection, at 10,000 cases and at every 30,000 after.
      if (records % 30_000 === 10_000) retained.push(retainedHeap());
    }
    expect(records).toBe(PAGES * PER_PAGE + 1);
    expect(store.pagesRead).toBe(PAGES);
    expect(bytes).toBeGreaterThan(12_000_000);
    // 9 MB more of the file written between the first and the last measure; what is kept stays within a page or two.
    expect(Math.max(...retained) - retained[0]!).toBeLessThan(1_000_000);
  });

  it('neutralises a cell that would start a formula', async () => {
    const store = { listCases: async (): Promise<CasePage> => ({ cases: [{ ...(await new PagedCases().listCases({ agencyId: 'harbor', limit: 1 })).cases[0]!, caseManagerEmail: '=HYPERLINK("http://x")' }], cursor: undefined }) };
    const chunks: string[] = [];
    for await (const chunk of caseListCsv(everyCase(store, { agencyId: 'harbor' }))) chunks.push(chunk);
    expect(chunks[1]).toContain(',"\'=HYPERLINK(""http://x"")",');
  });

  it('declares its columns in one list, in the order of the file', async () => {
    const header = (await caseListCsv(everyCase(new PagedCases(), { agencyId: 'harbor' })).next()).value as string;
    expect(header.slice(1).trimEnd().split(',')).toEqual(CASE_LIST_COLUMNS.map((column) => column.header));
  });
});

describe('a streamed download', () => {
  it('compresses 100,000 cases as they are written into a body one API response can carry', async () => {
    const store = new PagedCases();
    const response = await streamedDownload(caseListCsv(everyCase(store, { agencyId: 'harbor' })), { 'Content-Type': 'text/csv' }, { acceptEncoding: 'gzip, deflate, br' });
    if (response === 'too-large') throw new Error('too large');
    expect(response.headers['Content-Encoding']).toBe('gzip');
    const compressed = Buffer.from(response.body!, 'base64');
    const text = gunzipSync(compressed).toString('utf8');
    expect(text.split('\r\n')).toHaveLength(PAGES * PER_PAGE + 2);
    expect(compressed.length).toBeLessThan(text.length / 8);
  });

  it('stops reading storage once the file outgrows a response, and says so', async () => {
    const store = new PagedCases();
    const response = await streamedDownload(caseListCsv(everyCase(store, { agencyId: 'harbor' })), {}, { acceptEncoding: 'gzip', maxBytes: 50_000 });
    expect(response).toBe('too-large');
    expect(store.pagesRead).toBeLessThan(PAGES / 5);
  });

  it('sends the file as is to a client that does not take gzip, with the same limit', async () => {
    const store = new PagedCases();
    expect(await streamedDownload(caseListCsv(everyCase(store, { agencyId: 'harbor' })), {}, { maxBytes: 50_000 })).toBe('too-large');
    expect(store.pagesRead).toBe(4);
  });
});
