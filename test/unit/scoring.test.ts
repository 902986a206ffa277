import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../functions/domain/forms/catalog.ts';
import { projectRoot } from '../../local/stack.ts';

const catalog = loadCatalog(join(projectRoot, 'form-schemas'));

/** Answers q1..qN (each 0-3) adding up to `total`, with some items pinned. */
function answersFor(items: number, total: number, pinned: Record<string, number> = {}): Record<string, number> {
  const answers: Record<string, number> = { ...pinned };
  let remaining = total - Object.values(pinned).reduce((sum, value) => sum + value, 0);
  for (let index = 1; index <= items; index += 1) {
    const key = `q${index}`;
    if (key in answers) continue;
    answers[key] = Math.min(3, Math.max(0, remaining));
    remaining -= answers[key]!;
  }
  if (remaining !== 0) throw new Error(`cannot reach ${total}`);
  return answers;
}

// The published cut-offs (Kroenke et al. 2001 for PHQ-9; Spitzer et al. 2006 for GAD-7), written out here on
// purpose: the test checks the pack against the instruments, not the pack against itself.
const instruments = [
  { formId: 'phq-9', items: 9, bands: [[0, 4, 'Minimal'], [5, 9, 'Mild'], [10, 14, 'Moderate'], [15, 19, 'Moderately severe'], [20, 27, 'Severe']] },
  { formId: 'gad-7', items: 7, bands: [[0, 4, 'Minimal'], [5, 9, 'Mild'], [10, 14, 'Moderate'], [15, 21, 'Severe']] },
] as const;

describe.each(instruments)('$formId scoring', ({ formId, items, bands }) => {
  const form = catalog.form('demo', formId)!;
  const boundaries = bands.flatMap(([min, max, label]) => [[min, label], [max, label]] as const);

  it.each(boundaries)('a total of %i is %s', (total, label) => {
    const answers = answersFor(items, total);
    expect(form.validate(answers)).toEqual({ valid: true });
    const { scores } = form.score(answers);
    expect(scores).toEqual([{ id: 'total', title: expect.any(String), value: total, band: label }]);
  });

  it('computes no total while an item is unanswered', () => {
    const answers = answersFor(items, 5);
    delete answers.q2;
    expect(form.score(answers).scores).toEqual([]);
  });
});

describe('risk rules', () => {
  const phq9 = catalog.form('demo', 'phq-9')!;
  const gad7 = catalog.form('demo', 'gad-7')!;
  const flagIds = (form: typeof phq9, answers: Record<string, number>) => form.score(answers).flags.map((flag) => flag.id);

  it.each([0, 1, 2, 3])('PHQ-9 item 9 = %i', (q9) => {
    const flags = flagIds(phq9, answersFor(9, 6, { q9 }));
    expect(flags.includes('self-harm-risk')).toBe(q9 > 0);
  });

  it('PHQ-9 item 9 raises a flag that alerts the supervisor and shows the client crisis resources', () => {
    const [flag] = phq9.score(answersFor(9, 1, { q9: 1 })).flags;
    expect(flag).toMatchObject({ id: 'self-harm-risk', alertSupervisor: true, showCrisisResources: true });
  });

  it.each([[19, false], [20, true]] as const)('PHQ-9 total %i → severe-depression flag %s', (total, raised) => {
    expect(flagIds(phq9, answersFor(9, total, { q9: 0 })).includes('severe-depression')).toBe(raised);
  });

  it.each([[14, false], [15, true]] as const)('GAD-7 total %i → severe-anxiety flag %s', (total, raised) => {
    expect(flagIds(gad7, answersFor(7, total))).toEqual(raised ? ['severe-anxiety'] : []);
  });

  it('forms without scoring compute nothing', () => {
    expect(catalog.form('demo', 'intake')!.score({ givenName: 'x' })).toEqual({ scores: [], flags: [] });
  });
});
