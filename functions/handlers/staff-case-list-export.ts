import { everyCase } from '../domain/cases/every-case.ts';
import { caseListCsv } from '../domain/exports/case-list-csv.ts';
import { CSV_CONTENT_TYPE } from '../domain/exports/submissions-csv.ts';
import { streamedDownload } from '../web/http/streamed-download.ts';
import { caseListAgency, caseListRequest } from '../web/staff/case-list-filters.ts';
import { auditOf } from '../web/staff/staff-handler.ts';
import { staffPageHandler, staffPageMessage } from '../web/staff/staff-page-handler.ts';
import { builtOnce } from '../composition/built-once.ts';
import { staffPageDeps } from '../composition/staff-page-deps.ts';
import { caseReading } from '../composition/case-reading.ts';
import { readConfig, type Config } from '../contracts/config.ts';

/**
 * GET /staff/{agencyId}/exports/case-list?state=&mine=1&caseManager=&reviewDueBy=&riskFlag=&noContactSince=: every
 * case the case list shows with the same filters (read by the same function, web/staff/case-list-filters.ts), all
 * pages, as CSV. Open to whoever may see the list; audited as an agency-wide export with its filters.
 */
export function build(settings: () => Config = readConfig) {
  const parts = builtOnce(() => caseReading(settings()));
  const agencies = () => parts().catalog;
  const pageDeps = staffPageDeps(settings, agencies);
  return staffPageHandler('staff-case-list-export', async (event) => {
    const { staff } = event;
    const words = event.language.words('staffCaseList');
    const { caseStore, catalog } = parts();
    const request = caseListRequest(event.queryStringParameters ?? {}, staff, caseListAgency(catalog, staff.agencyId), words);
    // A file is not a page that can show which filters it left out: a filter it cannot use is refused instead.
    if (request.problems.length > 0) return staffPageMessage(400, event.chrome, words.t('exportRefused'), request.problems.join(' '));
    await caseStore.recordAccess(auditOf(event, 'agency', 'export-case-list', request.params.toString() || 'all'));
    const download = await streamedDownload(caseListCsv(everyCase(caseStore, request.query)), {
      'Content-Type': CSV_CONTENT_TYPE, 'Content-Disposition': `attachment; filename="${staff.agencyId}-cases.csv"`,
    }, { acceptEncoding: event.headers?.['accept-encoding'] });
    if (download === 'too-large') {
      return staffPageMessage(413, event.chrome, event.language.words('staffExports').t('tooLarge.title'), event.language.words('staffExports').t('tooLarge.cases'));
    }
    return download;
  }, { ...pageDeps });
}

export const handler = build();
