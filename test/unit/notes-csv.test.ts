import { describe, expect, it } from 'vitest';
import type { CaseLister, CaseQuery } from '../../functions/domain/cases/case-list.ts';
import type { CaseRecord } from '../../functions/domain/cases/case-record.ts';
import { agencyNotes, notesCsv } from '../../functions/domain/exports/notes-csv.ts';

// The notes export streams (issue 20 part 9): a page of cases at a time, each case recorded as its notes are read.
const record = (index: number): CaseRecord => ({
  agencyId: 'harbor', caseId: `c${String(index).padStart(7, '0')}-0000-4000-8000-000000000000`, state: 'active', version: 1,
  createdAt: '2026-11-01T10:00:00.000Z', updatedAt: '2026-11-01T10:00:00.000Z',
});

/** An agency of `count` cases, every third one with a note and an addendum; pages of `pageSize`, counted as read. */
function agency(count: number) {
  const cases = Array.from({ length: count }, (_, index) => record(index));
  const pagesRead: number[] = [];
  const lister: CaseLister = {
    async listCases(query: CaseQuery) {
      const start = Number(query.cursor?.at ?? 0);
      pagesRead.push(start);
      const next = start + query.limit;
      return { cases: cases.slice(start, next), cursor: next < cases.length ? { at: next } : undefined };
    },
    async caseItems(_agencyId: string, caseId: string) {
      if (cases.findIndex((entry) => entry.caseId === caseId) % 3 !== 0) return [];
      return [
        { type: 'note', noteId: `n-${caseId}`, agencyId: 'harbor', caseId, contactType: 'phone', contactedAt: '2026-11-02T10:00:00.000Z', narrative: '=HYPERLINK("x") — Élodie', author: 'sub-1', recordedAt: '2026-11-02T10:05:00.000Z' },
        { type: 'note-addendum', addendumId: `a-${caseId}`, noteId: `n-${caseId}`, agencyId: 'harbor', caseId, text: 'Corrected the time.', author: 'sub-2', recordedAt: '2026-11-03T09:00:00.000Z' },
      ];
    },
  };
  return { lister, pagesRead };
}

describe('the notes CSV', () => {
  it('reads a page of cases only when the file needs it, and records each case with notes as it reads it', async () => {
    const { lister, pagesRead } = agency(250);
    const recorded: string[] = [];
    const rows = notesCsv(agencyNotes(lister, 'harbor', async (caseId) => { recorded.push(caseId); }));
    const header = await rows.next();
    expect(header.value).toMatch(/^\uFEFFcase_id,note_id,record,/);
    expect(pagesRead).toEqual([]);
    const first = await rows.next();
    expect(pagesRead).toEqual([0]);
    expect(recorded).toEqual([record(0).caseId]);
    expect(first.value).toContain(`${record(0).caseId},n-${record(0).caseId},note,`);
    // A formula is written as text, never run by a spreadsheet; an accent stays as typed.
    expect(first.value).toContain('"\'=HYPERLINK(""x"") — Élodie"');
    expect((await rows.next()).value).toContain(`,addendum,a-${record(0).caseId},`);

    const rest: string[] = [];
    for await (const row of rows) rest.push(row);
    expect(pagesRead).toEqual([0, 100, 200]);
    expect(recorded).toHaveLength(84);
    expect(rest).toHaveLength(84 * 2 - 2);
  });

  it('stopping early (a file too large) stops the reading', async () => {
    const { lister, pagesRead } = agency(250);
    const rows = notesCsv(agencyNotes(lister, 'harbor', async () => {}));
    await rows.next();
    await rows.next();
    await rows.return(undefined);
    expect(pagesRead).toEqual([0]);
  });
});
