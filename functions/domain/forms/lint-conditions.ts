import { formConditions, type ConditionProblem } from './conditions.ts';

/**
 * Conditions the intake and staff pages cannot show: the server would enforce them on a field the page shows to
 * everyone, and a client would be refused for an answer they could not know applied. Refused before deploy instead.
 */
export function conditionProblems(schema: Readonly<Record<string, unknown>>): readonly ConditionProblem[] {
  return formConditions(schema).problems;
}
