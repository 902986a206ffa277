import { InvalidCursorError } from '../adapters/aws/case-store.ts';
import { localDate } from '../domain/cases/notice-period.ts';
import { decodeCursor, encodeCursor } from '../web/staff/case-cursor.ts';
import { caseListAgency, caseListRequest } from '../web/staff/case-list-filters.ts';
import { htmlResponse } from '../web/http/page-responses.ts';
import { staffPageHandler } from '../web/staff/staff-page-handler.ts';
import { auditOf } from '../web/staff/staff-handler.ts';
import { builtOnce } from '../composition/built-once.ts';
import { staffPageDeps } from '../composition/staff-page-deps.ts';
import { caseReading } from '../composition/case-reading.ts';
import { readConfig, type Config } from '../contracts/config.ts';
import { renderCaseList } from '../web/staff-pages/case-list-page.ts';
import { DynamoAssignmentStore } from '../adapters/aws/assignment-store.ts';
import { caseloads } from '../domain/cases/caseloads.ts';
import { caseManagersOf } from '../domain/forms/staff-list.ts';
import { mayAssign } from '../web/staff/assignment-request.ts';

const PAGE_SIZE = 25;

/**
 * GET /staff/{agencyId}/cases?q=&state=&mine=1&caseManager=&reviewDueBy=&riskFlag=&noContactSince=&cursor=: the
 * agency's cases, filtered as the API filters them; with `q`, the cases found by the client's name, reference, phone or email (one page, audited).
 */
export function build(settings: () => Config = readConfig) {
  const parts = builtOnce(() => caseReading(settings()));
  const agencies = () => parts().catalog;
  const pageDeps = staffPageDeps(settings, agencies);
  const caseloadCounter = builtOnce(() => new DynamoAssignmentStore(settings().tableName));
  return staffPageHandler('staff-case-list', async (event) => {
    const { staff } = event;
    const parameters = event.queryStringParameters ?? {};
    const words = event.language.words('staffCaseList');
    const { caseStore, catalog } = parts();
    const listAgency = caseListAgency(catalog, staff.agencyId);
    const request = caseListRequest(parameters, staff, listAgency, words);
    const problems = [...request.problems];
    let cursor = parameters.cursor ? decodeCursor(parameters.cursor, staff.agencyId) : undefined;
    if (parameters.cursor && !cursor) problems.push(words.t('problem.cursorGone'));

    const agency = catalog.agency(staff.agencyId)!;
    const today = localDate(new Date(), agency.timeZone);
    if (request.search) {
      // Who searched for what is case data: the audit trail keeps the words as typed (never a log line).
      await caseStore.recordAccess({ ...auditOf(event, 'agency', 'search-cases'), query: request.search.typed });
      const found = await caseStore.searchCases({ ...request.query, words: request.search.words, limit: PAGE_SIZE });
      return htmlResponse(200, renderCaseList({
        chrome: { ...event.chrome, staff }, filters: request.filters, agency: listAgency, problems, cases: found.cases,
        today, nextHref: undefined, csvHref: undefined, moreMatches: found.more,
      }));
    }
    await caseStore.recordAccess(auditOf(event, 'agency', 'list-cases'));
    const listQuery = { ...request.query, limit: PAGE_SIZE };
    let page;
    try {
      page = await caseStore.listCases({ ...listQuery, cursor });
    } catch (error) {
      if (!(error instanceof InvalidCursorError)) throw error;
      problems.push(words.t('problem.cursorOther'));
      cursor = undefined;
      page = await caseStore.listCases(listQuery);
    }
    const caseManagers = caseManagersOf(parts().catalog.pack(staff.agencyId)?.staff ?? []);
    // One count per listed case manager on the open-cases index: the caseloads a supervisor assigns by.
    const assign = mayAssign(staff) ? { caseManagers, caseloads: await caseloads(caseloadCounter(), staff.agencyId, caseManagers) } : undefined;
    const next = encodeCursor(page.cursor);
    const nextQuery = new URLSearchParams(request.params);
    if (next) nextQuery.set('cursor', next);
    return htmlResponse(200, renderCaseList({
      chrome: { ...event.chrome, staff }, filters: request.filters, agency: listAgency, problems, cases: page.cases,
      today,
      nextHref: next ? `/staff/${staff.agencyId}/cases?${nextQuery.toString()}` : undefined,
      csvHref: `/staff/${staff.agencyId}/exports/case-list${request.params.size > 0 ? `?${request.params.toString()}` : ''}`,
      ...(assign ? { assign } : {}),
    }));
  }, { ...pageDeps });
}

export const handler = build();
