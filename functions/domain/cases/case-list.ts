import type { CaseRecord } from './case-record.ts';
import type { CaseState } from '../forms/case-states.ts';

/** The most cases one page of a case list holds: the API refuses a larger `limit`, and exports read in pages of it. */
export const MAX_PAGE = 100;

/** One page of an agency's case list, filtered as the API and the case list page allow. */
export interface CaseQuery {
  readonly agencyId: string;
  readonly state?: CaseState;
  readonly caseManager?: string;
  /** Cases whose review is due on or before this date (YYYY-MM-DD). */
  readonly reviewDueBy?: string;
  readonly limit: number;
  readonly cursor?: Record<string, unknown>;
}

export interface CasePage {
  readonly cases: readonly CaseRecord[];
  readonly cursor: Record<string, unknown> | undefined;
}

/** What listing an agency's cases, and reading each case's items, needs of storage (queries on the agency's index). */
export interface CaseLister {
  listCases(query: CaseQuery): Promise<CasePage>;
  caseItems(agencyId: string, caseId: string): Promise<Array<Record<string, unknown>>>;
}
