import type { CaseRecord } from './case-record.ts';
import type { CaseState } from '../forms/case-states.ts';
import { ANY_RISK_FLAG, type RiskFlagChoice } from '../forms/risk-flag-choices.ts';

/** The most cases one page of a case list holds: the API refuses a larger `limit`, and exports read in pages of it. */
export const MAX_PAGE = 100;

/** One page of an agency's case list, filtered as the API and the case list page allow. */
export interface CaseQuery {
  readonly agencyId: string;
  readonly state?: CaseState;
  readonly caseManager?: string;
  /** Cases whose review is due on or before this date (YYYY-MM-DD). */
  readonly reviewDueBy?: string;
  /** Cases that raised this risk flag (an id the agency's forms declare), or any flag at all. */
  readonly riskFlag?: string;
  /** Cases with no contact made at or after this instant (UTC; the start of a day on the agency's clock), or none ever. */
  readonly noContactSince?: string;
  readonly limit: number;
  readonly cursor?: Record<string, unknown>;
}

export const raisedFlag = (record: Pick<CaseRecord, 'riskFlags'>, riskFlag: string): boolean =>
  riskFlag === ANY_RISK_FLAG ? (record.riskFlags ?? []).length > 0 : (record.riskFlags ?? []).includes(riskFlag);

/** What the agency's pack says its list may filter by: the flags its forms raise, and the clock its days are on. */
export interface CaseListAgency {
  readonly riskFlags: readonly RiskFlagChoice[];
  readonly timeZone: string;
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
