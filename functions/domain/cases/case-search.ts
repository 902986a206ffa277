import type { CaseRecord } from './case-record.ts';
import type { CaseQuery } from './case-list.ts';

/** A search of an agency's cases: every word must begin a term of the case; the list's filters apply to the hits. */
export interface CaseSearchQuery extends Omit<CaseQuery, 'cursor'> {
  readonly words: readonly string[];
}

export interface CaseSearchResult {
  /** Newest first, at most the query's limit. */
  readonly cases: readonly CaseRecord[];
  /** More cases matched than were read or shown: staff should type more. */
  readonly more: boolean;
}

/** Searching cases through the search-term index (queries only, never a scan). */
export interface CaseSearcher {
  searchCases(query: CaseSearchQuery): Promise<CaseSearchResult>;
}
