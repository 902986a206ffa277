import { CSV_CONTENT_TYPE } from '../domain/exports/submissions-csv.ts';
import { agencyNotes, notesCsv } from '../domain/exports/notes-csv.ts';
import { auditOf } from '../web/staff/staff-handler.ts';
import { staffPageHandler, staffPageMessage } from '../web/staff/staff-page-handler.ts';
import { streamedDownload } from '../web/http/streamed-download.ts';
import { builtOnce } from '../composition/built-once.ts';
import { staffPageDeps } from '../composition/staff-page-deps.ts';
import { caseReading } from '../composition/case-reading.ts';
import { readConfig, type Config } from '../contracts/config.ts';

/**
 * GET /staff/{agencyId}/exports/notes: every note and addendum of the agency's cases as CSV (supervisors), streamed
 * and gzipped as the other exports are. Each case included gets an `export-notes` audit record, as the submissions
 * export records its own.
 */
export function build(settings: () => Config = readConfig) {
  const parts = builtOnce(() => caseReading(settings()));
  const agencies = () => parts().catalog;
  const pageDeps = staffPageDeps(settings, agencies);
  return staffPageHandler('staff-notes-export', async (event) => {
    const { staff } = event;
    const { caseStore } = parts();
    // Each case is recorded as its notes are read into the file: a file cut off as too large has recorded the cases it read.
    const notes = agencyNotes(caseStore, staff.agencyId, (caseId) => caseStore.recordAccess(auditOf(event, caseId, 'export-notes')));
    const download = await streamedDownload(notesCsv(notes), {
      'Content-Type': CSV_CONTENT_TYPE, 'Content-Disposition': `attachment; filename="${staff.agencyId}-notes.csv"`,
    }, { acceptEncoding: event.headers?.['accept-encoding'] });
    if (download === 'too-large') {
      const words = event.language.words('staffExports');
      return staffPageMessage(413, event.chrome, words.t('tooLarge.title'), words.t('tooLarge.notes'));
    }
    return download;
  }, { ...pageDeps });
}

export const handler = build();
