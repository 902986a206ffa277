import { CASE_STATES, isFinal, LIFECYCLE, type CaseState } from './case-states.ts';
import { isPublicForm, type Annotation } from './lint-annotation.ts';

/** A problem with the pack's forms as a whole (`file` is `forms`), or with one form's move. */
export interface LifecycleProblem {
  readonly file: string;
  readonly pointer: string;
  readonly message: string;
}

interface StaffForm {
  readonly formId: string;
  readonly annotation: Annotation;
}

/** The states a case can be closed from: every open state but a pending termination, which only completes. */
const CLOSABLE: readonly CaseState[] = CASE_STATES.filter((state) => !isFinal(state) && LIFECYCLE[state].includes('closed'));

/**
 * What every pack's forms must let staff do, as the code needs it (form-schemas/README.md, "The lifecycle minimum"):
 * - close (discharge) a case from every open state a case can reach: a client can leave at any stage;
 * - end services with a notice: a form with `noticePeriod` that moves a case to `termination-pending`
 *   (cases/termination-steps.ts records the notice and its effective date only for such a form);
 * - complete a pending termination: a form with `completesNotice` that moves `termination-pending` to `terminated`
 *   (the only way out of that state; auto-termination.ts submits this same form).
 * States count as reachable when the pack's staff forms can take a case there from `intake`.
 */
export function lifecycleProblems(forms: readonly StaffForm[]): LifecycleProblem[] {
  const staff = forms.filter((form) => !isPublicForm(form.annotation) && Array.isArray(form.annotation.transitions));
  // The vocabulary schema reports a malformed transition; here it just moves nothing.
  const moves = staff.flatMap((form) => (form.annotation.transitions ?? []).flatMap((transition, index) =>
    (Array.isArray(transition?.from) ? transition.from : []).map((from) => ({ form, index, from, to: transition.to }))));
  const reachable = new Set<CaseState>(['intake']);
  for (let grew = true; grew;) {
    grew = false;
    for (const move of moves) {
      if (reachable.has(move.from) && LIFECYCLE[move.from]?.includes(move.to) && !reachable.has(move.to)) {
        reachable.add(move.to);
        grew = true;
      }
    }
  }
  const problems: LifecycleProblem[] = [];
  const pack = (message: string) => problems.push({ file: 'forms', pointer: '', message });

  const closers = moves.filter((move) => move.to === 'closed');
  const unclosable = CLOSABLE.filter((state) => reachable.has(state) && !closers.some((move) => move.from === state));
  if (closers.length === 0) {
    pack('no staff form can close (discharge) a case: add one with "transitions": [{ "from": ["intake", "assessed", "planned", "active", "under-review"], "to": "closed" }] (as the demo\'s forms/discharge.json)');
  } else if (unclosable.length > 0) {
    const names = unclosable.map((state) => `"${state}"`).join(', ');
    pack(`cases in ${names} can never be closed (discharged): add ${unclosable.length === 1 ? 'it' : 'them'} to the "from" of a move to "closed" (forms/${closers[0]!.form.formId}.json has one)`);
  }

  const notices = moves.filter((move) => move.to === 'termination-pending' && move.form.annotation.noticePeriod !== undefined && reachable.has(move.from));
  if (notices.length === 0) {
    pack('no staff form can end services with a notice: add one with "noticePeriod" and a move from "active" (and "under-review") to "termination-pending" (as the demo\'s forms/termination.json)');
  }
  const completions = moves.filter((move) => move.from === 'termination-pending' && move.to === 'terminated' && move.form.annotation.completesNotice !== undefined);
  if (completions.length === 0) {
    pack('no staff form can complete a termination, so a case whose termination is pending could never end: add one with "completesNotice" and a move from "termination-pending" to "terminated" (as the demo\'s forms/termination-complete.json)');
  }
  // A move to termination-pending without a notice leaves the case no termination to complete: stuck for good.
  for (const move of moves.filter((candidate) => candidate.to === 'termination-pending' && candidate.form.annotation.noticePeriod === undefined)) {
    problems.push({
      file: `forms/${move.form.formId}.json`, pointer: `/x-caseforms/transitions/${move.index}/to`,
      message: 'a move to "termination-pending" needs "noticePeriod" on the form: without a notice and its effective date the termination could never be completed',
    });
  }
  return dedupe(problems);
}

function dedupe(problems: LifecycleProblem[]): LifecycleProblem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${problem.file} ${problem.pointer}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
