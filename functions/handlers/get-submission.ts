import { isPlainCaseId } from '../contracts/ids.ts';
import { Problem } from '../web/http/problem.ts';
import { jsonResponse } from '../web/http/responses.ts';
import { auditOf, staffHandler } from '../web/staff/staff-handler.ts';
import { getServices } from '../services.ts';
import { phrase } from '../web/http/problem-phrases/index.ts';

/** GET /agencies/{agencyId}/cases/{caseId}/submissions/{submissionId}: one submission with its answers. */
export const handler = staffHandler('get-submission', async (event) => {
  const { caseStore } = getServices();
  const { caseId, submissionId } = event.pathParameters ?? {};
  if (!isPlainCaseId(caseId) || !isPlainCaseId(submissionId)) throw new Problem('notFound', phrase('noSuchSubmission'));
  const item = await caseStore.getSubmission(event.staff.agencyId, caseId, submissionId);
  if (!item) throw new Problem('notFound', phrase('noSuchSubmission'));
  await caseStore.recordAccess(auditOf(event, caseId, 'read-submission', submissionId));
  const answers: unknown = JSON.parse((await caseStore.readRaw(item.rawKey as string)).toString('utf8'));
  const { pk: _, sk: __, rawKey: ___, requestHash: ____, type: _____, ...metadata } = item;
  return jsonResponse(200, { ...metadata, answers });
});
