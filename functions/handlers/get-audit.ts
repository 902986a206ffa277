import { isPlainCaseId } from '../contracts/ids.ts';
import { Problem } from '../web/http/problem.ts';
import { jsonResponse } from '../web/http/responses.ts';
import { auditOf, staffHandler } from '../web/staff/staff-handler.ts';
import { builtOnce } from '../composition/built-once.ts';
import { caseReading } from '../composition/case-reading.ts';
import { DynamoSessionStore } from '../adapters/aws/session-store.ts';
import { readConfig, type Config } from '../contracts/config.ts';
import { phrase } from '../web/http/problem-phrases/index.ts';

/** GET /agencies/{agencyId}/cases/{caseId}/audit: who read and wrote the case, oldest first (supervisors, admins). */
export function build(settings: () => Config = readConfig) {
  const parts = builtOnce(() => caseReading(settings()));
  const agencies = () => parts().catalog;
  const sessions = builtOnce(() => new DynamoSessionStore(settings().tableName));
  return staffHandler('get-audit', async (event) => {
    const { caseStore } = parts();
    const caseId = event.pathParameters?.caseId;
    if (!isPlainCaseId(caseId) || !(await caseStore.getCase(event.staff.agencyId, caseId))) throw new Problem('notFound', phrase('noSuchCase'));
    await caseStore.recordAccess(auditOf(event, caseId, 'read-audit'));
    const records = (await caseStore.auditTrail(event.staff.agencyId, caseId)).map(({ pk: _, sk: __, type: ___, ...record }) => record);
    return jsonResponse(200, { caseId, records });
  }, { agencies, sessions });
}

export const handler = build();
