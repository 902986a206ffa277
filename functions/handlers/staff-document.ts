import { isDocumentId, isPlainCaseId } from '../contracts/ids.ts';
import { pdfResponse } from '../web/http/responses.ts';
import { sealedCopyRefusal } from '../web/http/sealed-copy-guard.ts';
import { auditOf } from '../web/staff/staff-handler.ts';
import { staffPageHandler, staffPageMessage } from '../web/staff/staff-page-handler.ts';
import { caseFileResponse } from '../web/staff/case-file-request.ts';
import { builtOnce } from '../composition/built-once.ts';
import { staffPageDeps } from '../composition/staff-page-deps.ts';
import { caseReading } from '../composition/case-reading.ts';
import { fileLinks } from '../composition/file-links.ts';
import { readConfig, type Config } from '../contracts/config.ts';

/**
 * GET /staff/{agencyId}/cases/{caseId}/documents/{documentId}: a case's PDF from its page, audited as the API's
 * download is (a signed document only when its bytes are the ones sealed, else a page saying so, 409); and GET
 * …/files/{uploadId}: a file the client sent (case-file-request.ts). One function serves a case's downloads,
 * whichever the path names.
 */
export function build(settings: () => Config = readConfig) {
  const parts = builtOnce(() => caseReading(settings()));
  const links = builtOnce(() => fileLinks(settings()));
  const agencies = () => parts().catalog;
  const pageDeps = staffPageDeps(settings, agencies);
  return staffPageHandler('staff-document', async (event) => {
    const { caseStore } = parts();
    if (event.pathParameters?.uploadId !== undefined) return caseFileResponse(event, caseStore, links);
    const { caseId = '', documentId = '' } = event.pathParameters ?? {};
    const item = isPlainCaseId(caseId) && isDocumentId(documentId) ? await caseStore.getDocument(event.staff.agencyId, caseId, documentId) : undefined;
    const chrome = { ...event.chrome, staff: event.staff };
    const notFound = () => staffPageMessage(404, chrome, event.language.words('staff').t('notFound.title'), event.language.words('staffCasePage').t('notFound.document'));
    if (!item) return notFound();
    await caseStore.recordAccess(auditOf(event, caseId, 'read-document', documentId));
    const pdf = await caseStore.readRaw(item.key as string);
    const refusal = await sealedCopyRefusal(parts().signings, { agencyId: event.staff.agencyId, caseId, documentId }, pdf);
    if (refusal === 'unsealed') return notFound();
    if (refusal === 'altered') {
      const words = event.language.words('staffSigning');
      return staffPageMessage(409, chrome, words.t('altered.title'), words.t('altered.message'));
    }
    return pdfResponse(pdf, `${documentId}.pdf`, item.sha256 as string);
  }, { ...pageDeps });
}

export const handler = build();
