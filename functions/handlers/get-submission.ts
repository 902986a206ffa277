import { isPlainCaseId } from '../contracts/ids.ts';
import { Problem } from '../web/http/problem.ts';
import { jsonResponse } from '../web/http/responses.ts';
import { auditOf, staffHandler } from '../web/staff/staff-handler.ts';
import { builtOnce } from '../composition/built-once.ts';
import { caseReading } from '../composition/case-reading.ts';
import { DynamoSessionStore } from '../adapters/aws/session-store.ts';
import { readConfig, type Config } from '../contracts/config.ts';
import { phrase } from '../web/http/problem-phrases/index.ts';

/** GET /agencies/{agencyId}/cases/{caseId}/submissions/{submissionId}: one submission with its answers. */
export function build(settings: () => Config = readConfig) {
  const parts = builtOnce(() => caseReading(settings()));
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
