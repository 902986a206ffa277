import { isFinal, type CaseState, type Transition } from '../forms/case-states.ts';

/** A move a staff member can make now: submitting this form takes the case to that state. */
export interface AllowedMove {
  readonly formId: string;
  readonly to: CaseState | null;
}


/**
 * Where submitting a form leaves a case in `state`: the transition's target, `null` for a form that records
 * without moving (no transitions declared, case still open), or undefined when the form may not be submitted now.
 */
export function moveFor(transitions: readonly Transition[], state: CaseState): CaseState | null | undefined {
  if (isFinal(state)) return undefined;
  if (transitions.length === 0) return null;
  return transitions.find((transition) => transition.from.includes(state))?.to;
}

/** What the lifecycle needs to know of a staff form. */
export interface LifecycleForm {
  readonly formId: string;
  readonly transitions: readonly Transition[];
  readonly legalHold?: string | undefined;
  readonly noticeServed?: object | undefined;
}

/** `moveFor`, with the forms that record without a transition of their own. */
export function moveOf(form: LifecycleForm, state: CaseState): CaseState | null | undefined {
  // A legal hold can be placed or lifted in any state, after the case ended too.
  if (form.legalHold) return null;
  // How a termination notice was served matters only while the termination is pending.
  if (form.noticeServed) return state === 'termination-pending' ? null : undefined;
  return moveFor(form.transitions, state);
}

export function allowedMoves(forms: Iterable<LifecycleForm>, state: CaseState): AllowedMove[] {
  const moves: AllowedMove[] = [];
  for (const form of forms) {
    const to = moveOf(form, state);
    if (to !== undefined) moves.push({ formId: form.formId, to });
  }
  return moves;
}

/** Reviews belong to open services: once a termination is pending, or the case ended, none are due. */
export function takesReviews(state: CaseState): boolean {
  return state !== 'termination-pending' && !isFinal(state);
}
