import { isPlainCaseId } from '../contracts/ids.ts';
import { Problem } from '../web/http/problem.ts';
import { jsonResponse } from '../web/http/responses.ts';
import { auditOf, staffHandler } from '../web/staff/staff-handler.ts';
import { getServices } from '../services.ts';
import { phrase } from '../web/http/problem-phrases/index.ts';

/** GET /agencies/{agencyId}/cases/{caseId}/audit: who read and wrote the case, oldest first (supervisors, admins). */
export const handler = staffHandler('get-audit', async (event) => {
  const { caseStore } = getServices();
  const caseId = event.pathParameters?.caseId;
  if (!isPlainCaseId(caseId) || !(await caseStore.getCase(event.staff.agencyId, caseId))) throw new Problem('notFound', phrase('noSuchCase'));
  await caseStore.recordAccess(auditOf(event, caseId, 'read-audit'));
  const records = (await caseStore.auditTrail(event.staff.agencyId, caseId)).map(({ pk: _, sk: __, type: ___, ...record }) => record);
  return jsonResponse(200, { caseId, records });
});
