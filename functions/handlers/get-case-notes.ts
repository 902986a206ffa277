import { readCase } from '../domain/cases/read-case.ts';
import { isPlainCaseId } from '../contracts/ids.ts';
import { Problem } from '../web/http/problem.ts';
import { jsonResponse } from '../web/http/responses.ts';
import { auditOf, staffHandler } from '../web/staff/staff-handler.ts';
import { builtOnce } from '../composition/built-once.ts';
import { caseReading } from '../composition/case-reading.ts';
import { DynamoSessionStore } from '../adapters/aws/session-store.ts';
import { readConfig, type Config } from '../contracts/config.ts';
import { phrase } from '../web/http/problem-phrases/index.ts';

/** GET /agencies/{agencyId}/cases/{caseId}/notes: the case's notes, newest contact first, each with its addenda; audited as a read of the case. */
export function build(settings: () => Config = readConfig) {
  const parts = builtOnce(() => caseReading(settings()));
  const agencies = () => parts().catalog;
  const sessions = builtOnce(() => new DynamoSessionStore(settings().tableName));
  return staffHandler('get-case-notes', async (event) => {
    const { caseStore, catalog } = parts();
    const caseId = event.pathParameters?.caseId;
    if (!isPlainCaseId(caseId)) throw new Problem('notFound', phrase('noSuchCase'));
    const view = await readCase(caseStore, catalog, auditOf(event, caseId, 'read-case', 'notes'));
    if (!view) throw new Problem('notFound', phrase('noSuchCase'));
    return jsonResponse(200, { caseId, notes: view.notes });
  }, { agencies, sessions });
}

export const handler = build();
