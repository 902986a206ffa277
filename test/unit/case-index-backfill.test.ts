import { describe, expect, it } from 'vitest';
import { backfillCaseIndexes, type FiledCounts, type IndexBackfillStore } from '../../functions/domain/cases/case-index-backfill.ts';
import type { AuditRecord, CaseRecord } from '../../functions/domain/cases/case-record.ts';
import type { ClientIdentity } from '../../functions/domain/forms/identity.ts';

// The backfill's own rules, over a store in memory: which identity a case is filed under, when it is recorded (and
// audited), and how pages and changed cases are counted. What is written is checked on moto in
// test/e2e/backfill-case-indexes.test.ts.
const record = (caseId: string, identity?: ClientIdentity): CaseRecord => ({
  agencyId: 'demo', caseId, state: 'intake', version: 1, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', ...(identity ? { identity } : {}),
});

function memoryStore(pages: CaseRecord[][], stale: ReadonlySet<string> = new Set()) {
  const filed: Array<{ caseId: string; identity: ClientIdentity | undefined; recorded: AuditRecord | undefined; dryRun: boolean }> = [];
  const store: IndexBackfillStore = {
    async *casePages() { for (const page of pages) yield page; },
    submissions: async () => [],
    readRaw: async () => Buffer.from('{}'),
    fileCase: async (caseRecord, identity, recorded, dryRun): Promise<FiledCounts | 'stale'> => {
      filed.push({ caseId: caseRecord.caseId, identity, recorded, dryRun });
      return stale.has(caseRecord.caseId) ? 'stale' : { identities: recorded ? 1 : 0, searchTerms: 2, matchKeys: 1, caseIndexKeys: 0 };
    },
  };
  return { store, filed };
}

const run = { agencyId: 'demo', dryRun: false, at: '2026-12-06T18:00:00.000Z', runId: 'backfill-test' };
const noForms = { form: async () => undefined };

describe('backfillCaseIndexes', () => {
  it('files every case of every page under the identity on its record, recording none', async () => {
    const { store, filed } = memoryStore([[record('a', { name: 'Ana' })], [record('b', { name: 'Bo' }), record('c', { name: 'Cy' })]]);
    const counts = await backfillCaseIndexes(store, noForms, run);
    expect(filed.map((entry) => [entry.caseId, entry.identity?.name, entry.recorded])).toEqual([['a', 'Ana', undefined], ['b', 'Bo', undefined], ['c', 'Cy', undefined]]);
    expect(counts).toEqual({ cases: 3, stale: 0, identities: 0, searchTerms: 6, matchKeys: 3, caseIndexKeys: 0 });
  });

  it('counts a case that changed while read as stale, and writes nothing of it in its counts', async () => {
    const { store } = memoryStore([[record('a', { name: 'Ana' }), record('b', { name: 'Bo' })]], new Set(['b']));
    expect(await backfillCaseIndexes(store, noForms, run)).toEqual({ cases: 2, stale: 1, identities: 0, searchTerms: 2, matchKeys: 1, caseIndexKeys: 0 });
  });

  it('leaves a case with no identity anywhere unrecorded (its reference still finds it), and passes a dry run on', async () => {
    const { store, filed } = memoryStore([[record('a')]]);
    await backfillCaseIndexes(store, noForms, { ...run, dryRun: true });
    expect(filed).toEqual([{ caseId: 'a', identity: undefined, recorded: undefined, dryRun: true }]);
  });
});
