import { isPlainCaseId } from '../contracts/ids.ts';
import { assignCases, MAX_ASSIGNED_CASES } from '../domain/cases/assignment.ts';
import { caseManagersOf } from '../domain/forms/staff-list.ts';
import { formBody, type FormBodyEvent } from '../web/http/form-body.ts';
import { sameOrigin } from '../web/http/same-origin.ts';
import { htmlResponse } from '../web/http/page-responses.ts';
import { redirect, staffPageHandler, staffPageMessage } from '../web/staff/staff-page-handler.ts';
import { listedCaseManager, notAssigned } from '../web/staff/assignment-request.ts';
import { renderAssignmentResults } from '../web/staff-pages/assignment-results-page.ts';
import { logger } from '../observability/logger.ts';
import { SqsJobQueue } from '../adapters/aws/job-queue.ts';
import { DynamoAssignmentStore } from '../adapters/aws/assignment-store.ts';
import { builtOnce } from '../composition/built-once.ts';
import { staffPageDeps } from '../composition/staff-page-deps.ts';
import { servingCatalog } from '../composition/serving-catalog.ts';
import { readConfig, type Config } from '../contracts/config.ts';
import { readSignInConfig } from '../contracts/sign-in-config.ts';

/**
 * POST /staff/{agencyId}/assignments: the case page's "Assign" (one case, back to the case page) or the case list's
 * selected cases (a page saying per case what happened). Fields: `caseManager`, `case` (repeated), `version.<caseId>`
 * (the version the page showed), `from` (`case` or `list`). A post missing the case manager or any case is a 400,
 * as any staff page's malformed post is: the pages' own forms cannot send one (the select is required).
 */
export function build(settings: () => Config = readConfig) {
  const parts = builtOnce(() => {
    const config = settings();
    return { catalog: servingCatalog(config), store: new DynamoAssignmentStore(config.tableName), jobQueue: new SqsJobQueue(config.documentQueueUrl) };
  });
  const agencies = () => parts().catalog;
  const pageDeps = staffPageDeps(settings, agencies);
  return staffPageHandler<FormBodyEvent>('staff-assign-cases', async (event) => {
    const { catalog, store, jobQueue } = parts();
    const { staff } = event;
    const chrome = { ...event.chrome, staff };
    const words = event.language.words('staffAssign');
    const { isForm, tooLarge, params } = event.formBody;
    if (!isForm || tooLarge) return staffPageMessage(isForm ? 413 : 415, chrome, words.t('refused.title'), words.t('refused.notForm'));
    // Another site's page cannot make a signed-in supervisor's browser hand cases over (the cookie is SameSite=Lax too).
    if (!sameOrigin(event.headers.origin, event.headers.host, readSignInConfig().pagesBaseUrl)) {
      return staffPageMessage(403, chrome, words.t('refused.title'), words.t('refused.otherSite'));
    }
    const to = listedCaseManager(caseManagersOf(catalog.pack(staff.agencyId)?.staff ?? []), params.get('caseManager') ?? '');
    if (!to) return staffPageMessage(400, chrome, words.t('refused.title'), words.t('refused.noManager'));
    const caseIds = [...new Set(params.getAll('case'))];
    if (caseIds.length === 0 || caseIds.length > MAX_ASSIGNED_CASES || !caseIds.every(isPlainCaseId)) {
      return staffPageMessage(400, chrome, words.t('refused.title'), words.t('refused.cases', { max: MAX_ASSIGNED_CASES }));
    }
    const cases = caseIds.map((caseId) => {
      const version = Number(params.get(`version.${caseId}`));
      return { caseId, ...(Number.isInteger(version) && params.has(`version.${caseId}`) ? { expectedVersion: version } : {}) };
    });
    const results = await assignCases(store, jobQueue, { staff, to, cases, now: new Date(), requestId: event.requestContext.requestId },
      (error) => logger.warn('assignment notice left to the outbox sweeper', { agencyId: staff.agencyId, errorName: (error as Error).name }));
    for (const result of results) logger.info('case assignment', { agencyId: staff.agencyId, caseId: result.caseId, outcome: result.outcome, actor: staff.subject, channel: 'page', requestId: event.requestContext.requestId });
    const refused = results.filter(notAssigned);
    if (params.get('from') === 'case' && results.length === 1 && refused.length === 0) {
      return redirect(`/staff/${staff.agencyId}/cases/${results[0]!.caseId}?assigned=1`);
    }
    return htmlResponse(refused.length > 0 ? 409 : 200, renderAssignmentResults(chrome, to.name, results));
  }, { ...pageDeps }, [formBody()]);
}

export const handler = build();
