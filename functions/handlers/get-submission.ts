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

/** GET /agencies/{agencyId}/cases/{caseId}/submissions/{submissionId}: one submission with its answers. */
export function build(settings: () => Config = readConfig) {
  const parts = builtOnce(() => {
    const config = settings();
    const catalog = servingCatalog(config);
    const blobs = new BlobStore(config.bucketName);
    return { catalog, caseStore: new DynamoCaseStore(config.tableName, blobs) };
  });
  const agencies = () => parts().catalog;
  const sessions = builtOnce(() => new DynamoSessionStore(settings().tableName));
  return staffHandler('get-submission', async (event) => {
    const { caseStore } = parts();
    const { caseId, submissionId } = event.pathParameters ?? {};
    if (!isPlainCaseId(caseId) || !isPlainCaseId(submissionId)) throw new Problem('notFound', phrase('noSuchSubmission'));
    const item = await caseStore.getSubmission(event.staff.agencyId, caseId, submissionId);
    if (!item) throw new Problem('notFound', phrase('noSuchSubmission'));
    await caseStore.recordAccess(auditOf(event, caseId, 'read-submission', submissionId));
    const answers: unknown = JSON.parse((await caseStore.readRaw(item.rawKey as string)).toString('utf8'));
    const { pk: _, sk: __, rawKey: ___, requestHash: ____, type: _____, ...metadata } = item;
    return jsonResponse(200, { ...metadata, answers });
  }, { agencies, sessions });
}

export const handler = build();
