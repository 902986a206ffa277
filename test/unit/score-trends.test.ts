import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../functions/domain/forms/catalog.ts';
import type { ScoringAnnotation } from '../../functions/domain/forms/scoring.ts';
import { declaredScoring } from '../../functions/domain/outcomes/declared-scoring.ts';
import { declaredMax, scoreTrends, type ScoredSubmission } from '../../functions/domain/outcomes/score-trends.ts';
import { projectRoot } from '../../local/stack.ts';

const catalog = loadCatalog(join(projectRoot, 'form-schemas'));
const demoScoring = (formId: string) => declaredScoring(catalog.form('demo', formId));

const phq = (receivedAt: string, value: number, band?: string): ScoredSubmission => ({
  formId: 'phq-9', receivedAt, scores: [{ id: 'total', title: 'PHQ-9 total', value, ...(band ? { band } : {}) }],
});
const gad = (receivedAt: string, value: number): ScoredSubmission => ({ formId: 'gad-7', receivedAt, scores: [{ id: 'total', title: 'GAD-7 total', value }] });
const unscored = (formId: string, receivedAt: string): ScoredSubmission => ({ formId, receivedAt });

describe('score trends', () => {
  it('puts one instrument\'s scores in time order, whatever order the submissions come in', () => {
    const trends = scoreTrends([
      phq('2026-03-01T15:00:00.000Z', 6, 'Mild'),
      phq('2026-01-05T15:00:00.000Z', 18, 'Moderately severe'),
      phq('2026-02-02T15:00:00.000Z', 11, 'Moderate'),
    ], demoScoring);
    expect(trends).toEqual([{
      formId: 'phq-9', scoreName: 'total', title: 'PHQ-9 total', max: 27,
      points: [
        { at: '2026-01-05T15:00:00.000Z', value: 18, band: 'Moderately severe' },
        { at: '2026-02-02T15:00:00.000Z', value: 11, band: 'Moderate' },
        { at: '2026-03-01T15:00:00.000Z', value: 6, band: 'Mild' },
      ],
    }]);
  });

  it('makes one series per instrument, in the order the case first met them, skipping forms that score nothing', () => {
    const trends = scoreTrends([
      unscored('intake', '2025-12-15T10:00:00.000Z'),
      gad('2026-01-05T15:30:00.000Z', 14),
      phq('2026-01-05T15:00:00.000Z', 18),
      unscored('assessment', '2026-01-06T10:00:00.000Z'),
      gad('2026-03-01T15:30:00.000Z', 8),
      phq('2026-02-02T15:00:00.000Z', 11),
      phq('2026-03-01T15:00:00.000Z', 6),
    ], demoScoring);
    expect(trends.map((series) => [series.formId, series.max, series.points.map((point) => point.value)])).toEqual([
      ['phq-9', 27, [18, 11, 6]],
      ['gad-7', 21, [14, 8]],
    ]);
  });

  it('makes a series of each score a form computes, titled as the latest submission titled it', () => {
    const twoScores = (receivedAt: string, title: string, a: number, b: number): ScoredSubmission => ({
      formId: 'wellbeing', receivedAt, scores: [{ id: 'mood', title, value: a }, { id: 'sleep', title: 'Sleep', value: b }],
    });
    const trends = scoreTrends([twoScores('2026-01-01T00:00:00Z', 'Mood (v1)', 3, 4), twoScores('2026-02-01T00:00:00Z', 'Mood', 5, 2)]);
    expect(trends).toEqual([
      { formId: 'wellbeing', scoreName: 'mood', title: 'Mood', points: [{ at: '2026-01-01T00:00:00Z', value: 3 }, { at: '2026-02-01T00:00:00Z', value: 5 }] },
      { formId: 'wellbeing', scoreName: 'sleep', title: 'Sleep', points: [{ at: '2026-01-01T00:00:00Z', value: 4 }, { at: '2026-02-01T00:00:00Z', value: 2 }] },
    ]);
  });

  it('keeps the input order of two submissions received at the same instant', () => {
    const trends = scoreTrends([phq('2026-01-05T15:00:00.000Z', 9), phq('2026-01-05T15:00:00.000Z', 4)]);
    expect(trends[0]!.points.map((point) => point.value)).toEqual([9, 4]);
  });

  it('has nothing to show for a case without scores', () => {
    expect(scoreTrends([])).toEqual([]);
    expect(scoreTrends([unscored('intake', '2026-01-01T00:00:00Z'), { formId: 'phq-9', receivedAt: '2026-01-02T00:00:00Z', scores: [] }])).toEqual([]);
  });

  it('takes the scale\'s top from the highest severity band, and declares none without bands', () => {
    const scoring: ScoringAnnotation = {
      scores: [
        { id: 'banded', title: 'Banded', sum: ['/a'], bands: [{ min: 10, max: 40, label: 'High' }, { min: 0, max: 9, label: 'Low' }] },
        { id: 'plain', title: 'Plain', sum: ['/a'] },
      ],
    };
    expect(declaredMax(scoring, 'banded')).toBe(40);
    expect(declaredMax(scoring, 'plain')).toBeUndefined();
    expect(declaredMax(scoring, 'missing')).toBeUndefined();
    expect(declaredMax(undefined, 'banded')).toBeUndefined();
    expect(declaredScoring(catalog.form('demo', 'review'))).toBeUndefined();
    expect(scoreTrends([phq('2026-01-05T15:00:00.000Z', 9)])[0]).not.toHaveProperty('max');
  });
});
