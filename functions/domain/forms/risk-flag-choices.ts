import type { Form } from './catalog.ts';
import type { ScoringAnnotation } from './scoring.ts';
import { CASEFORMS_KEYWORD } from './validator.ts';

/** `riskFlag=any` in the case list: a case that raised at least one flag, whichever. Lint keeps it from naming a flag. */
export const ANY_RISK_FLAG = 'any';

/** A risk flag an agency's forms can raise: what the case list filters by (`riskFlag=<id>`) and names by its title. */
export interface RiskFlagChoice {
  readonly id: string;
  readonly title: string;
}

/**
 * Every flag the pack's scoring rules declare, in the order of its forms, each id once (the first form's title wins:
 * two instruments raising the same flag id mean the same risk). Only the current forms count: a flag that a removed
 * form raised stays on its cases, but cannot be chosen until a form declares it again.
 */
export function riskFlagChoices(forms: Iterable<Pick<Form, 'schema'>>): RiskFlagChoice[] {
  const choices = new Map<string, RiskFlagChoice>();
  for (const form of forms) {
    const scoring = (form.schema[CASEFORMS_KEYWORD] as { scoring?: ScoringAnnotation } | undefined)?.scoring;
    for (const flag of scoring?.flags ?? []) if (!choices.has(flag.id)) choices.set(flag.id, { id: flag.id, title: flag.title });
  }
  return [...choices.values()];
}
