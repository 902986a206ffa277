import type { StaffEntry } from '../forms/staff-list.ts';

/** Counts one case manager's open cases from an index of open cases (never a scan of the agency's cases). */
export interface CaseloadCounter {
  openCaseCount(agencyId: string, caseManager: string): Promise<number>;
}

export interface Caseload {
  readonly caseManager: StaffEntry;
  readonly openCases: number;
}

/** Each listed case manager's open cases, one count each, in the order given. */
export function caseloads(counter: CaseloadCounter, agencyId: string, caseManagers: readonly StaffEntry[]): Promise<Caseload[]> {
  return Promise.all(caseManagers.map(async (caseManager) => ({ caseManager, openCases: await counter.openCaseCount(agencyId, caseManager.id) })));
}
