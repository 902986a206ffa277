import type { Assessment, ScoringAnnotation } from '../forms/scoring.ts';

/** A submission as far as its scores go: CaseSubmission and SubmissionRecord both fit. */
export interface ScoredSubmission {
  readonly formId: string;
  /** ISO 8601 instant the submission was accepted. */
  readonly receivedAt: string;
  readonly scores?: Assessment['scores'];
}

export interface TrendPoint {
  /** The submission's `receivedAt`: an instant, so two assessments on one day still keep their order. */
  readonly at: string;
  readonly value: number;
  readonly band?: string;
}

/** One score of one instrument across a case, oldest point first. */
export interface ScoreSeries {
  readonly formId: string;
  /** The score's id in the form's `scoring` annotation (e.g. `total`). */
  readonly scoreName: string;
  /** The score's title as the latest submission recorded it (e.g. "PHQ-9 total"). */
  readonly title: string;
  /** The highest value the instrument declares (its top severity band), for a y axis that does not move with the data. */
  readonly max?: number;
  readonly points: readonly TrendPoint[];
}

/** The scoring a form declares, by form id; undefined when the form is unknown or scores nothing. */
export type ScoringLookup = (formId: string) => ScoringAnnotation | undefined;

/**
 * One series per (instrument, score) a case has, in the order the case first met them. Submissions are sorted by
 * time here rather than trusted to arrive sorted; ties keep their input order.
 */
export function scoreTrends(submissions: readonly ScoredSubmission[], scoringOf: ScoringLookup = () => undefined): ScoreSeries[] {
  const sorted = submissions.map((submission, index) => ({ submission, index }))
    .sort((a, b) => Date.parse(a.submission.receivedAt) - Date.parse(b.submission.receivedAt) || a.index - b.index);
  const series = new Map<string, { formId: string; scoreName: string; title: string; points: TrendPoint[] }>();
  for (const { submission } of sorted) {
    for (const score of submission.scores ?? []) {
      if (!Number.isFinite(score.value)) continue;
      const key = JSON.stringify([submission.formId, score.id]);
      const entry = series.get(key) ?? { formId: submission.formId, scoreName: score.id, title: score.title, points: [] };
      entry.title = score.title;
      entry.points.push({ at: submission.receivedAt, value: score.value, ...(score.band === undefined ? {} : { band: score.band }) });
      series.set(key, entry);
    }
  }
  return [...series.values()].map((entry) => {
    const max = declaredMax(scoringOf(entry.formId), entry.scoreName);
    return { ...entry, ...(max === undefined ? {} : { max }) };
  });
}

/**
 * The top of a score's scale. Scoring declares no maximum as such, but its severity bands cover the whole scale
 * (PHQ-9: 0–27, GAD-7: 0–21), so the highest band's `max` is the instrument's.
 */
export function declaredMax(scoring: ScoringAnnotation | undefined, scoreId: string): number | undefined {
  const bands = scoring?.scores?.find((score) => score.id === scoreId)?.bands ?? [];
  return bands.length === 0 ? undefined : Math.max(...bands.map((band) => band.max));
}
