import { InvalidCursorError } from '../adapters/aws/case-store.ts';
import { CASE_STATES, type CaseState } from '../domain/forms/case-states.ts';
import { decodeCursor, encodeCursor } from '../web/staff/case-cursor.ts';
import { htmlResponse } from '../web/http/page-responses.ts';
import { staffPageHandler } from '../web/staff/staff-page-handler.ts';
import { auditOf } from '../web/staff/staff-handler.ts';
import { builtOnce } from '../composition/built-once.ts';
import { caseReading } from '../composition/case-reading.ts';
import { DynamoSessionStore } from '../adapters/aws/session-store.ts';
import { readConfig, type Config } from '../contracts/config.ts';
import { renderCaseList, type CaseListFilters } from '../web/staff-pages/case-list-page.ts';
import { DynamoAssignmentStore } from '../adapters/aws/assignment-store.ts';
import { caseloads } from '../domain/cases/caseloads.ts';
import { caseManagersOf } from '../domain/forms/staff-list.ts';
import { mayAssign } from '../web/staff/assignment-request.ts';

const PAGE_SIZE = 25;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A staff subject as tokens carry it: Cognito's UUID, the dev issuer's hash, or an external issuer's id. */
const SUBJECT = /^[A-Za-z0-9._:@|-]{1,128}$/;

/**
 * GET /staff/{agencyId}/cases?state=&mine=1&caseManager=&reviewDueBy=&cursor=: the agency's cases, filtered as the
 * API filters them.
 */
export function build(settings: () => Config = readConfig) {
  const parts = builtOnce(() => caseReading(settings()));
  const agencies = () => parts().catalog;
  const sessions = builtOnce(() => new DynamoSessionStore(settings().tableName));
  const caseloadCounter = builtOnce(() => new DynamoAssignmentStore(settings().tableName));
  return staffPageHandler('staff-case-list', async (event) => {
    const { staff } = event;
    const query = event.queryStringParameters ?? {};
    const problems: string[] = [];
    const state = query.state ? ((CASE_STATES as readonly string[]).includes(query.state) ? (query.state as CaseState) : undefined) : undefined;
    if (query.state && !state) problems.push(`"${query.state}" is not a case state.`);
    const reviewDueBy = query.reviewDueBy && DATE.test(query.reviewDueBy) ? query.reviewDueBy : undefined;
    if (query.reviewDueBy && !reviewDueBy) problems.push('Review due by must be a date.');
    const chosenManager = query.caseManager && SUBJECT.test(query.caseManager) ? query.caseManager : undefined;
    if (query.caseManager && !chosenManager) problems.push('That case manager is not one the list knows.');
    const filters: CaseListFilters = {
      ...(state ? { state } : {}), ...(reviewDueBy ? { reviewDueBy } : {}), ...(query.mine === '1' ? { mine: true } : {}),
      ...(chosenManager && query.mine !== '1' ? { caseManager: chosenManager } : {}),
    };
    const caseManager = filters.mine ? staff.subject : filters.caseManager;
    let cursor = query.cursor ? decodeCursor(query.cursor, staff.agencyId) : undefined;
    if (query.cursor && !cursor) problems.push('That page of results is not available any more; showing the first page.');

    const { caseStore } = parts();
    await caseStore.recordAccess(auditOf(event, 'agency', 'list-cases'));
    const listQuery = {
      agencyId: staff.agencyId, limit: PAGE_SIZE,
      ...(state ? { state } : {}), ...(reviewDueBy ? { reviewDueBy } : {}), ...(caseManager ? { caseManager } : {}),
    };
    let page;
    try {
      page = await caseStore.listCases({ ...listQuery, cursor });
    } catch (error) {
      if (!(error instanceof InvalidCursorError)) throw error;
      problems.push('That page of results belongs to other filters; showing the first page.');
      cursor = undefined;
      page = await caseStore.listCases(listQuery);
    }
    const caseManagers = caseManagersOf(parts().catalog.pack(staff.agencyId)?.staff ?? []);
    // One count per listed case manager on the open-cases index: the caseloads a supervisor assigns by.
    const assign = mayAssign(staff) ? { caseManagers, caseloads: await caseloads(caseloadCounter(), staff.agencyId, caseManagers) } : undefined;
    const next = encodeCursor(page.cursor);
    const nextQuery = new URLSearchParams({ ...(state ? { state } : {}), ...(reviewDueBy ? { reviewDueBy } : {}), ...(filters.mine ? { mine: '1' } : {}), ...(filters.caseManager ? { caseManager: filters.caseManager } : {}), ...(next ? { cursor: next } : {}) });
    return htmlResponse(200, renderCaseList({
      agencyName: event.agencyName, brandColor: event.brandColor, staff, filters, problems, cases: page.cases,
      nextHref: next ? `/staff/${staff.agencyId}/cases?${nextQuery.toString()}` : undefined, ...(assign ? { assign } : {}),
    }));
  }, { agencies, sessions });
}

export const handler = build();
