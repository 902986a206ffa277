import type { CaseRecord } from '../cases/case-record.ts';
import { matchKeys, possibleMatch, type MatchReason } from './possible-match.ts';

/** What finding possible matches needs from storage: exact-key lookups, never a scan. */
export interface MatchIndex {
  /** The ids of the cases filed under one match key (possible-match.ts matchKeys). */
  casesFiledUnder(agencyId: string, key: string): Promise<readonly string[]>;
  getCase(agencyId: string, caseId: string): Promise<CaseRecord | undefined>;
}

export interface PossibleMatch {
  readonly case: CaseRecord;
  readonly reason: MatchReason;
}

/** At most this many candidate cases are read for one page: a common birthday must not make the page slow. */
const MOST_CANDIDATES = 25;

/**
 * The other cases of the agency that may be about the same person as `record`, oldest first: the cases filed under
 * any of its match keys that the matching rules accept (a shared date of birth alone is not enough). Purged cases,
 * whose records are gone, drop out.
 */
export async function possibleMatches(index: MatchIndex, record: CaseRecord): Promise<readonly PossibleMatch[]> {
  const filed = await Promise.all(matchKeys(record.agencyId, record.identity).map((key) => index.casesFiledUnder(record.agencyId, key)));
  const candidates = [...new Set(filed.flat())].filter((caseId) => caseId !== record.caseId).slice(0, MOST_CANDIDATES);
  const found = await Promise.all(candidates.map((caseId) => index.getCase(record.agencyId, caseId)));
  return found
    .flatMap((other) => {
      const reason = other && possibleMatch(record, other);
      return other && reason ? [{ case: other, reason }] : [];
    })
    .sort((a, b) => a.case.createdAt.localeCompare(b.case.createdAt));
}
