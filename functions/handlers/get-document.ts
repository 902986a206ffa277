import { isDocumentId } from '../contracts/ids.ts';
import { Problem } from '../web/http/problem.ts';
import { pdfResponse, type HttpResponse } from '../web/http/responses.ts';
import { sealedCopyRefusal } from '../web/http/sealed-copy-guard.ts';
import { auditOf, staffHandler } from '../web/staff/staff-handler.ts';
import { builtOnce } from '../composition/built-once.ts';
import { caseReading } from '../composition/case-reading.ts';
import { DynamoSessionStore } from '../adapters/aws/session-store.ts';
import { readConfig, type Config } from '../contracts/config.ts';
import { phrase } from '../web/http/problem-phrases/index.ts';

/**
 * GET /agencies/{agencyId}/cases/{caseId}/documents/{documentId}: the generated PDF, each download audited; a signed
 * document only when its bytes are the ones sealed (409 otherwise).
 */
export function build(settings: () => Config = readConfig) {
  const parts = builtOnce(() => caseReading(settings()));
  const agencies = () => parts().catalog;
  const sessions = builtOnce(() => new DynamoSessionStore(settings().tableName));
  return staffHandler('get-document', async (event): Promise<HttpResponse> => {
    const { caseStore } = parts();
    const { caseId = '', documentId = '' } = event.pathParameters ?? {};
    const item = isDocumentId(documentId) ? await caseStore.getDocument(event.staff.agencyId, caseId, documentId) : undefined;
    if (!item) throw new Problem('notFound', phrase('noSuchDocument'));
    await caseStore.recordAccess(auditOf(event, caseId, 'read-document', documentId));
    const pdf = await caseStore.readRaw(item.key as string);
    const refusal = await sealedCopyRefusal(parts().signings, { agencyId: event.staff.agencyId, caseId, documentId }, pdf);
    if (refusal === 'unsealed') throw new Problem('notFound', phrase('noSuchDocument'));
    if (refusal === 'altered') throw new Problem('conflict', phrase('sealedDocumentAltered'));
    // Ids only in the file name: the download must not put a client's name on a staff laptop's disk by default.
    return pdfResponse(pdf, `${documentId}.pdf`, item.sha256 as string);
  }, { agencies, sessions });
}

export const handler = build();
