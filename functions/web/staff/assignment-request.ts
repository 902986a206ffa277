import { isPlainCaseId } from '../../contracts/ids.ts';
import { assigners } from '../../contracts/routes.ts';
import type { StaffMember } from '../../contracts/staff-claims.ts';
import { MAX_ASSIGNED_CASES, type AssignmentRequest, type AssignmentResult } from '../../domain/cases/assignment.ts';
import type { StaffEntry } from '../../domain/forms/staff-list.ts';
import { phrase } from '../http/problem-phrases/index.ts';
import type { ProblemError } from '../http/problem.ts';

/** What an assignment asks for, read from the API's JSON or a page's form, before any case is read. */
export interface AssignmentAsk {
  readonly caseManager: string;
  readonly cases: AssignmentRequest['cases'];
}

/** The API's body `{ caseManager, cases: [{ caseId, version? }] }`, or undefined when it has another shape. */
export function assignmentAskOf(body: Readonly<Record<string, unknown>>): AssignmentAsk | undefined {
  const { caseManager, cases } = body;
  if (typeof caseManager !== 'string' || !Array.isArray(cases) || cases.length === 0 || cases.length > MAX_ASSIGNED_CASES) return undefined;
  const read: Array<AssignmentRequest['cases'][number]> = [];
  for (const entry of cases) {
    if (typeof entry !== 'object' || entry === null) return undefined;
    const { caseId, version } = entry as Record<string, unknown>;
    if (!isPlainCaseId(caseId)) return undefined;
    if (version !== undefined && !Number.isInteger(version)) return undefined;
    read.push({ caseId, ...(typeof version === 'number' ? { expectedVersion: version } : {}) });
  }
  return { caseManager, cases: read };
}

/** The case manager the ask names, among those the agency lists. */
export const listedCaseManager = (caseManagers: readonly StaffEntry[], id: string): StaffEntry | undefined =>
  caseManagers.find((entry) => entry.id === id);

export const notAssigned = (result: AssignmentResult) => result.outcome !== 'assigned' && result.outcome !== 'unchanged';

/** Why one case was not assigned, as a field error of the answer (`/cases/<index>`), in the request's language. */
export function resultError(result: AssignmentResult, index: number): ProblemError | undefined {
  const pointer = `/cases/${index}`;
  switch (result.outcome) {
    case 'case-not-found': return { pointer, phrase: phrase('noSuchCase') };
    case 'case-ended': return { pointer, phrase: phrase('caseEndedNotAssigned') };
    case 'stale': return { pointer, phrase: phrase('caseChanged') };
    default: return undefined;
  }
}

/** Whether the signed-in staff member may assign cases (the assignment routes' roles), so the pages offer it. */
export const mayAssign = (staff: StaffMember): boolean => staff.roles.some((role) => assigners.includes(role));
