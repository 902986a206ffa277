import { readCase } from '../domain/cases/read-case.ts';
import { isPlainCaseId } from '../contracts/ids.ts';
import { Problem } from '../web/http/problem.ts';
import { jsonResponse } from '../web/http/responses.ts';
import { auditOf, staffHandler } from '../web/staff/staff-handler.ts';
import { DynamoCaseStore } from '../adapters/aws/case-store.ts';
import { BlobStore } from '../adapters/aws/blob-store.ts';
import { builtOnce } from '../composition/built-once.ts';
import { DynamoSessionStore } from '../adapters/aws/session-store.ts';
import { servingCatalog } from '../composition/serving-catalog.ts';
import { readConfig, type Config } from '../contracts/config.ts';
import { phrase } from '../web/http/problem-phrases/index.ts';

/** GET /agencies/{agencyId}/cases/{caseId}: the case, its submissions, documents, deliveries, timeline and next moves. */
export function build(settings: () => Config = readConfig) {
  const parts = builtOnce(() => {
    const config = settings();
    const catalog = servingCatalog(config);
    const blobs = new BlobStore(config.bucketName);
    return { catalog, caseStore: new DynamoCaseStore(config.tableName, blobs) };
  });
  const agencies = () => parts().catalog;
  const sessions = builtOnce(() => new DynamoSessionStore(settings().tableName));
  return staffHandler('get-case', async (event) => {
    const { caseStore, catalog } = parts();
    const caseId = event.pathParameters?.caseId;
    if (!isPlainCaseId(caseId)) throw new Problem('notFound', phrase('noSuchCase'));
    const view = await readCase(caseStore, catalog, auditOf(event, caseId, 'read-case'));
    if (!view) throw new Problem('notFound', phrase('noSuchCase'));
    return jsonResponse(200, view, { ETag: `"${view.case.version}"` });
  }, { agencies, sessions });
}

export const handler = build();
