import { everyCase } from '../domain/cases/every-case.ts';
import { caseListCsv } from '../domain/exports/case-list-csv.ts';
import { CSV_CONTENT_TYPE } from '../domain/exports/submissions-csv.ts';
import { streamedDownload } from '../web/http/streamed-download.ts';
import { caseListAgency, caseListRequest } from '../web/staff/case-list-filters.ts';
import { auditOf } from '../web/staff/staff-handler.ts';
import { staffPageHandler, staffPageMessage } from '../web/staff/staff-page-handler.ts';
import { builtOnce } from '../composition/built-once.ts';
import { caseReading } from '../composition/case-reading.ts';
import { DynamoSessionStore } from '../adapters/aws/session-store.ts';
import { readConfig, type Config } from '../contracts/config.ts';

/**
 * GET /staff/{agencyId}/exports/case-list?state=&mine=1&caseManager=&reviewDueBy=&riskFlag=&noContactSince=: every
 * case the case list shows with the same filters (read by the same function, web/staff/case-list-filters.ts), all
 * pages, as CSV. Open to whoever may see the list; audited as an agency-wide export with its filters.
 */
export function build(settings: () => Config = readConfig) {
  const parts = builtOnce(() => caseReading(settings()));
  const agencies = () => parts().catalog;
  const sessions = builtOnce(() => new DynamoSessionStore(settings().tableName));
  return staffPageHandler('staff-case-list-export', async (event) => {
    const { staff } = event;
    const chrome = { agencyName: event.agencyName, brandColor: event.brandColor, staff };
    const { caseStore, catalog } = parts();
    const request = caseListRequest(event.queryStringParameters ?? {}, staff, caseListAgency(catalog, staff.agencyId));
    // A file is not a page that can show which filters it left out: a filter it cannot use is refused instead.
    if (request.problems.length > 0) return staffPageMessage(400, chrome, 'Cannot export these cases', request.problems.join(' '));
    await caseStore.recordAccess(auditOf(event, 'agency', 'export-case-list', request.params.toString() || 'all'));
    const download = await streamedDownload(caseListCsv(everyCase(caseStore, request.query)), {
      'Content-Type': CSV_CONTENT_TYPE, 'Content-Disposition': `attachment; filename="${staff.agencyId}-cases.csv"`,
    }, { acceptEncoding: event.headers?.['accept-encoding'] });
    if (download === 'too-large') {
      return staffPageMessage(413, chrome, 'Too large to download', 'These are more cases than one download can carry. Filter the case list (by state, case manager, review date, risk flag or last contact) and download each part.');
    }
    return download;
  }, { agencies, sessions });
}

export const handler = build();
