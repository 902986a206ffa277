import { InvalidCursorError } from '../adapters/aws/case-store.ts';
import { MAX_PAGE } from '../domain/cases/case-list.ts';
import { CASE_STATES, type CaseState } from '../domain/forms/case-states.ts';
import { decodeCursor, encodeCursor } from '../web/staff/case-cursor.ts';
import { Problem, type ProblemError } from '../web/http/problem.ts';
import { jsonResponse } from '../web/http/responses.ts';
import { auditOf, staffHandler } from '../web/staff/staff-handler.ts';
import { builtOnce } from '../composition/built-once.ts';
import { caseReading } from '../composition/case-reading.ts';
import { DynamoSessionStore } from '../adapters/aws/session-store.ts';
import { readConfig, type Config } from '../contracts/config.ts';
import { phrase } from '../web/http/problem-phrases/index.ts';
import { MIN_WORD, searchWords } from '../domain/cases/search-terms.ts';
import { caseListAgency, moreFilters } from '../web/staff/case-list-filters.ts';
import { ANY_RISK_FLAG } from '../domain/forms/risk-flag-choices.ts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MAX_SEARCH = 200;

/**
 * GET /agencies/{agencyId}/cases?q=&state=&caseManager=&reviewDueBy=&riskFlag=&noContactSince=&limit=&cursor=: one
 * page of the agency's cases, newest first (soonest review first with reviewDueBy), from an index; `cursor` continues
 * where a page ended. With `q`, the cases found by name, reference, phone or email (one page, `more` when more
 * matched; audited with the words). `riskFlag` and `noContactSince` are read as the page reads them (case-list-filters.ts).
 */
export function build(settings: () => Config = readConfig) {
  const parts = builtOnce(() => caseReading(settings()));
  const agencies = () => parts().catalog;
  const sessions = builtOnce(() => new DynamoSessionStore(settings().tableName));
  return staffHandler('list-cases', async (event) => {
    const { agencyId } = event.staff;
    const query = event.queryStringParameters ?? {};
    const errors: ProblemError[] = [];
    if (query.state !== undefined && !(CASE_STATES as readonly string[]).includes(query.state)) errors.push({ pointer: '', phrase: phrase('queryStateInvalid', CASE_STATES.join(', ')) });
    if (query.reviewDueBy !== undefined && !DATE.test(query.reviewDueBy)) errors.push({ pointer: '', phrase: phrase('queryDateInvalid') });
    const listAgency = caseListAgency(parts().catalog, agencyId);
    const more = moreFilters(query, listAgency);
    if (more.unusable.includes('riskFlag')) errors.push({ pointer: '', phrase: phrase('queryRiskFlagInvalid', [...listAgency.riskFlags.map((flag) => flag.id), ANY_RISK_FLAG].join(', ')) });
    if (more.unusable.includes('noContactSince')) errors.push({ pointer: '', phrase: phrase('queryNoContactSinceInvalid') });
    const limit = query.limit === undefined ? 25 : Number(query.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) errors.push({ pointer: '', phrase: phrase('queryLimitInvalid', MAX_PAGE) });
    const cursor = query.cursor === undefined ? undefined : decodeCursor(query.cursor, agencyId);
    if (query.cursor !== undefined && !cursor) errors.push({ pointer: '', phrase: phrase('queryCursorUnknown') });
    const typed = query.q?.trim() || undefined;
    const words = searchWords(typed ?? '');
    if (typed !== undefined && (words.length === 0 || typed.length > MAX_SEARCH)) errors.push({ pointer: '', phrase: phrase('querySearchInvalid', MIN_WORD, MAX_SEARCH) });
    if (typed !== undefined && cursor) errors.push({ pointer: '', phrase: phrase('querySearchInvalid', MIN_WORD, MAX_SEARCH) });
    if (errors.length > 0) throw new Problem('malformedRequest', phrase('queryInvalid'), errors);

    const { caseStore } = parts();
    const filters = {
      ...(query.state === undefined ? {} : { state: query.state as CaseState }),
      ...(query.caseManager === undefined ? {} : { caseManager: query.caseManager }),
      ...(query.reviewDueBy === undefined ? {} : { reviewDueBy: query.reviewDueBy }),
      ...(more.riskFlag === undefined ? {} : { riskFlag: more.riskFlag }),
      ...(more.noContactSince === undefined ? {} : { noContactSince: more.noContactSince.since }),
    };
    if (typed !== undefined) {
      // Who searched for what is case data: the audit trail keeps the words as typed (never a log line).
      await caseStore.recordAccess({ ...auditOf(event, 'agency', 'search-cases'), query: typed });
      const found = await caseStore.searchCases({ agencyId, limit, words, ...filters });
      return jsonResponse(200, { cases: found.cases, more: found.more });
    }
    await caseStore.recordAccess(auditOf(event, 'agency', 'list-cases'));
    let page;
    try {
      page = await caseStore.listCases({
        agencyId, limit, cursor, ...filters,
      });
    } catch (error) {
      if (error instanceof InvalidCursorError) throw new Problem('malformedRequest', phrase('cursorOtherList'), [{ pointer: '', phrase: phrase('cursorOtherListField') }]);
      throw error;
    }
    return jsonResponse(200, { cases: page.cases, nextCursor: encodeCursor(page.cursor) });
  }, { agencies, sessions });
}

export const handler = build();
