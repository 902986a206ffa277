import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../functions/domain/cases/case-record.ts';
import { readCase, type CaseReader } from '../../functions/domain/cases/read-case.ts';
import { loadCatalog } from '../../functions/domain/forms/catalog.ts';

// The one use case behind GET /agencies/{a}/cases/{c} and the staff case page.
const catalog = loadCatalog(join(import.meta.dirname, '..', '..', 'form-schemas'));
const caseId = '0f3c9a52-0000-4000-8000-00000000c0de';
const audit: AuditRecord = { agencyId: 'demo', caseId, actor: 'ana', roles: ['case-manager'], action: 'read-case', at: '2026-12-06T10:00:00.000Z', requestId: 'r-1' };

function store(items: Array<Record<string, unknown>>): CaseReader & { readonly audited: AuditRecord[] } {
  const audited: AuditRecord[] = [];
  return { audited, caseItems: async () => items, recordAccess: async (record) => { audited.push(record); } };
}

describe('reading a case', () => {
  it('gives the view with the moves the agency\'s staff forms allow, and records the read', async () => {
    const reader = store([{ type: 'case', agencyId: 'demo', caseId, state: 'intake', version: 1, createdAt: audit.at, updatedAt: audit.at, pk: 'x', sk: 'y' }]);
    const view = await readCase(reader, catalog, audit);
    expect(view?.case).toEqual({ agencyId: 'demo', caseId, state: 'intake', version: 1, createdAt: audit.at, updatedAt: audit.at });
    expect(view?.allowedMoves.map((move) => move.formId)).toContain('assessment');
    expect(reader.audited).toEqual([audit]);
  });

  it('records nothing for a case that does not exist, or an agency the catalog does not know', async () => {
    const empty = store([]);
    expect(await readCase(empty, catalog, audit)).toBeUndefined();
    const unknown = store([{ type: 'case', agencyId: 'nowhere', caseId, state: 'intake', version: 1 }]);
    expect(await readCase(unknown, catalog, { ...audit, agencyId: 'nowhere' })).toBeUndefined();
    expect([...empty.audited, ...unknown.audited]).toEqual([]);
  });
});
