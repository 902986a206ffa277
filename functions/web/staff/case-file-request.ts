import { isPlainCaseId } from '../../contracts/ids.ts';
import { openCaseFile, type CaseFileOpener, type FileLinks } from '../../domain/cases/open-case-file.ts';
import type { HttpResponse } from '../http/responses.ts';
import { auditOf } from './staff-handler.ts';
import { staffPageMessage, type StaffPageEvent } from './staff-page-handler.ts';

/**
 * GET /staff/{agencyId}/cases/{caseId}/files/{uploadId}: a clean file of the case, as a 303 to a one-minute link that
 * downloads it (attachment, the type its bytes showed). Unknown ids, another case's or another agency's file: 404.
 * A file not clean: 409, saying why in words. `nosniff` on every answer, so nothing here is ever read as a page script.
 */
export async function caseFileResponse(event: StaffPageEvent, store: CaseFileOpener, links: () => FileLinks): Promise<HttpResponse> {
  const { caseId = '', uploadId = '' } = event.pathParameters ?? {};
  const chrome = { ...event.chrome, staff: event.staff };
  const words = event.language.words('staffCaseFiles');
  const nosniff = { 'X-Content-Type-Options': 'nosniff' };
  const opening = isPlainCaseId(caseId) && isPlainCaseId(uploadId)
    ? await openCaseFile(store, { releasedFileLink: (...args) => links().releasedFileLink(...args) }, { ...auditOf(event, caseId, 'read-file', uploadId), target: uploadId })
    : { outcome: 'not-found' as const };
  switch (opening.outcome) {
    case 'not-found':
      return staffPageMessage(404, chrome, event.language.words('staff').t('notFound.title'), words.t('notFound'), nosniff);
    case 'refused':
      return staffPageMessage(409, chrome, words.t('refused.title'), words.t(`refused.${opening.scan}`), nosniff);
    case 'link':
      return { statusCode: 303, headers: { Location: opening.url, 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer', ...nosniff } };
  }
}
