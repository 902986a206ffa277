import { valueAt } from '../../contracts/json-pointer.ts';

/** The `scoring` annotation of a form, as caseforms-vocabulary.schema.json defines it. */
export interface ScoringAnnotation {
  readonly scores?: ReadonlyArray<{
    readonly id: string;
    readonly title: string;
    /** The total in a terminology (LOINC for published instruments): exports code its FHIR Observation with it. */
    readonly code?: ScoreCode;
    readonly sum: readonly string[];
    readonly bands?: ReadonlyArray<{ readonly min: number; readonly max: number; readonly label: string }>;
  }>;
  readonly flags?: ReadonlyArray<{
    readonly id: string;
    readonly title: string;
    readonly when: object;
    readonly alertSupervisor?: boolean;
    readonly showCrisisResources?: boolean;
  }>;
}

export interface ScoreCode {
  /** The code system's URI, e.g. `http://loinc.org`. */
  readonly system: string;
  readonly code: string;
  readonly display?: string;
}

export interface Score {
  readonly id: string;
  readonly title: string;
  readonly value: number;
  readonly band?: string;
}

export interface RaisedFlag {
  readonly id: string;
  readonly title: string;
  readonly alertSupervisor: boolean;
  readonly showCrisisResources: boolean;
}

export interface Assessment {
  readonly scores: readonly Score[];
  readonly flags: readonly RaisedFlag[];
}

export type Scorer = (answers: unknown) => Assessment;

/**
 * Builds the scorer an instrument declares: sums of answers with severity bands, and risk flags whose conditions are
 * JSON Schemas over `{ answers, scores }`. No instrument has code of its own.
 */
export function compileScoring(compile: (schema: object) => (data: unknown) => boolean, annotation: ScoringAnnotation | undefined): Scorer {
  const scores = annotation?.scores ?? [];
  const flags = (annotation?.flags ?? []).map((flag) => ({ ...flag, test: compile(flag.when) }));
  return (answers) => {
    const computed: Score[] = [];
    for (const score of scores) {
      const values = score.sum.map((pointer) => valueAt(answers, pointer));
      if (!values.every((value): value is number => typeof value === 'number')) continue;
      const value = values.reduce((total, item) => total + item, 0);
      const band = score.bands?.find((candidate) => candidate.min <= value && value <= candidate.max)?.label;
      computed.push({ id: score.id, title: score.title, value, ...(band === undefined ? {} : { band }) });
    }
    const context = { answers, scores: Object.fromEntries(computed.map((score) => [score.id, score.value])) };
    const raised = flags
      .filter((flag) => flag.test(context))
      .map((flag) => ({ id: flag.id, title: flag.title, alertSupervisor: flag.alertSupervisor ?? false, showCrisisResources: flag.showCrisisResources ?? false }));
    return { scores: computed, flags: raised };
  };
}
