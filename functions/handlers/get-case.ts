import { readCase } from '../domain/cases/read-case.ts';
import { isPlainCaseId } from '../contracts/ids.ts';
import { Problem } from '../web/http/problem.ts';
import { jsonResponse } from '../web/http/responses.ts';
import { auditOf, staffHandler } from '../web/staff/staff-handler.ts';
import { getServices } from '../services.ts';
import { phrase } from '../web/http/problem-phrases/index.ts';

/** GET /agencies/{agencyId}/cases/{caseId}: the case, its submissions, documents, deliveries, timeline and next moves. */
export const handler = staffHandler('get-case', async (event) => {
  const { caseStore, catalog } = getServices();
  const caseId = event.pathParameters?.caseId;
  if (!isPlainCaseId(caseId)) throw new Problem('notFound', phrase('noSuchCase'));
  const view = await readCase(caseStore, catalog, auditOf(event, caseId, 'read-case'));
  if (!view) throw new Problem('notFound', phrase('noSuchCase'));
  return jsonResponse(200, view, { ETag: `"${view.case.version}"` });
});
