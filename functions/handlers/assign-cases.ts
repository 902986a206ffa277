import { assignCases } from '../domain/cases/assignment.ts';
import { caseManagersOf } from '../domain/forms/staff-list.ts';
import { jsonBody, type JsonBodyEvent } from '../web/http/json-body.ts';
import type { LocaleEvent } from '../web/http/request-locale.ts';
import { Problem } from '../web/http/problem.ts';
import { phrase } from '../web/http/problem-phrases/index.ts';
import { jsonResponse } from '../web/http/responses.ts';
import type { StaffEvent } from '../web/staff/staff-auth.ts';
import { staffHandler } from '../web/staff/staff-handler.ts';
import { assignmentAskOf, listedCaseManager, notAssigned, resultError } from '../web/staff/assignment-request.ts';
import { MAX_ASSIGNED_CASES } from '../domain/cases/assignment.ts';
import { logger } from '../observability/logger.ts';
import { SqsJobQueue } from '../adapters/aws/job-queue.ts';
import { DynamoAssignmentStore } from '../adapters/aws/assignment-store.ts';
import { builtOnce } from '../composition/built-once.ts';
import { DynamoSessionStore } from '../adapters/aws/session-store.ts';
import { servingCatalog } from '../composition/serving-catalog.ts';
import { readConfig, type Config } from '../contracts/config.ts';

/**
 * POST /agencies/{agencyId}/assignments `{ caseManager, cases: [{ caseId, version? }] }`: supervisors and agency
 * admins hand one case or many to a case manager of the agency's staff list. 200 when every case is theirs now; 409
 * with each case's outcome when any was not (changed meanwhile, ended, unknown), the others being assigned.
 */
export function build(settings: () => Config = readConfig) {
  const parts = builtOnce(() => {
    const config = settings();
    return { catalog: servingCatalog(config), store: new DynamoAssignmentStore(config.tableName), jobQueue: new SqsJobQueue(config.documentQueueUrl) };
  });
  const agencies = () => parts().catalog;
  const sessions = builtOnce(() => new DynamoSessionStore(settings().tableName));
  return staffHandler<StaffEvent & JsonBodyEvent & LocaleEvent>('assign-cases', async (event) => {
    const { catalog, store, jobQueue } = parts();
    const { agencyId } = event.staff;
    const ask = assignmentAskOf(event.jsonBody);
    if (!ask) throw new Problem('validationFailed', phrase('assignmentBody', MAX_ASSIGNED_CASES), [{ pointer: '', phrase: phrase('assignmentBody', MAX_ASSIGNED_CASES) }]);
    const to = listedCaseManager(caseManagersOf(catalog.pack(agencyId)?.staff ?? []), ask.caseManager);
    if (!to) throw new Problem('validationFailed', phrase('caseManagerNotListed'), [{ pointer: '/caseManager', phrase: phrase('caseManagerNotListed') }]);

    const results = await assignCases(store, jobQueue, { staff: event.staff, to, cases: ask.cases, now: new Date(), requestId: event.requestContext.requestId },
      (error) => logger.warn('assignment notice left to the outbox sweeper', { agencyId, errorName: (error as Error).name }));
    for (const result of results) logger.info('case assignment', { agencyId, caseId: result.caseId, outcome: result.outcome, actor: event.staff.subject, requestId: event.requestContext.requestId });
    const refused = results.filter(notAssigned);
    if (results.length === 1 && results[0]!.outcome === 'case-not-found') throw new Problem('notFound', phrase('noSuchCase'));
    if (refused.length > 0) {
      const errors = results.flatMap((result) => resultError(result, ask.cases.findIndex((wanted) => wanted.caseId === result.caseId)) ?? []);
      throw new Problem('conflict', phrase('casesNotAssigned', refused.length, results.length), errors, {}, { results });
    }
    return jsonResponse(200, { caseManager: to.id, results });
  }, { middlewares: [jsonBody()], agencies, sessions });
}

export const handler = build();
