import { CSV_CONTENT_TYPE } from '../domain/exports/submissions-csv.ts';
import { agencyNotes, notesCsv } from '../domain/exports/notes-csv.ts';
import { auditOf } from '../web/staff/staff-handler.ts';
import { staffPageHandler } from '../web/staff/staff-page-handler.ts';
import { builtOnce } from '../composition/built-once.ts';
import { staffPageDeps } from '../composition/staff-page-deps.ts';
import { caseReading } from '../composition/case-reading.ts';
import { readConfig, type Config } from '../contracts/config.ts';

/**
 * GET /staff/{agencyId}/exports/notes: every note and addendum of the agency's cases as CSV (supervisors). Each case
 * included gets an `export-notes` audit record, as the submissions export records its own.
 */
export function build(settings: () => Config = readConfig) {
  const parts = builtOnce(() => caseReading(settings()));
  const agencies = () => parts().catalog;
  const pageDeps = staffPageDeps(settings, agencies);
  return staffPageHandler('staff-notes-export', async (event) => {
    const { staff } = event;
    const { caseStore } = parts();
    const notes = await agencyNotes(caseStore, staff.agencyId);
    for (const caseId of new Set(notes.map((note) => note.caseId))) await caseStore.recordAccess(auditOf(event, caseId, 'export-notes'));
    return {
      statusCode: 200,
      headers: { 'Content-Type': CSV_CONTENT_TYPE, 'Content-Disposition': `attachment; filename="${staff.agencyId}-notes.csv"`, 'Cache-Control': 'no-store' },
      body: notesCsv(notes),
    };
  }, { ...pageDeps });
}

export const handler = build();
