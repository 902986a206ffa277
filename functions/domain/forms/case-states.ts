/**
 * The case lifecycle's states and edges: the vocabulary packs declare their moves in (x-caseforms.transitions),
 * which lint checks and cases/lifecycle.ts applies. Forms move cases along these edges, as each form's `x-caseforms.transitions` declares;
 * terminated and closed are final: nothing is accepted after them.
 *
 *   intake → assessed → planned → active ⇄ under-review
 *                                   └──────────┴─→ termination-pending → terminated
 *   any open state (not termination-pending) ─→ closed
 */
export const CASE_STATES = ['intake', 'assessed', 'planned', 'active', 'under-review', 'termination-pending', 'terminated', 'closed'] as const;
export type CaseState = (typeof CASE_STATES)[number];

export const LIFECYCLE: Readonly<Record<CaseState, readonly CaseState[]>> = {
  intake: ['assessed', 'closed'],
  assessed: ['planned', 'closed'],
  planned: ['active', 'closed'],
  active: ['under-review', 'termination-pending', 'closed'],
  'under-review': ['active', 'termination-pending', 'closed'],
  'termination-pending': ['terminated'],
  terminated: [],
  closed: [],
};

export interface Transition {
  readonly from: readonly CaseState[];
  readonly to: CaseState;
}

export function isFinal(state: CaseState): boolean {
  return LIFECYCLE[state].length === 0;
}
