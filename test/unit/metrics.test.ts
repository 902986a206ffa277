import { afterEach, describe, expect, it, vi } from 'vitest';

type Count = typeof import('../../functions/observability/metrics.ts').countOutcome;

/** The EMF lines `counts` writes to stdout, from a freshly imported metrics module with metrics on. */
async function emittedBy(counts: (countOutcome: Count) => void): Promise<Array<Record<string, any>>> {
  vi.stubEnv('CASEFORMS_METRICS', 'on');
  vi.resetModules();
  const lines: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => { lines.push(String(chunk)); return true; });
  const { countOutcome } = await import('../../functions/observability/metrics.ts');
  counts(countOutcome);
  vi.restoreAllMocks();
  return lines.map((line) => JSON.parse(line) as Record<string, any>);
}

describe('outcome metrics', () => {
  afterEach(() => { vi.restoreAllMocks(); vi.unstubAllEnvs(); });

  it('are one EMF line per count, in the caseforms namespace, dimensioned by outcome and nothing else', async () => {
    const emf = await emittedBy((countOutcome) => {
      countOutcome('Delivery', 'sent', { count: 3 });
      countOutcome('Submission', 'invalid');
      countOutcome('Delivery', 'retry', { count: 0 });
    });
    expect(emf).toHaveLength(2);
    expect(emf[0]).toMatchObject({ Delivery: 3, outcome: 'sent', service: 'caseforms' });
    expect(emf[0]!._aws.CloudWatchMetrics[0]).toMatchObject({ Namespace: 'caseforms', Metrics: [{ Name: 'Delivery', Unit: 'Count' }] });
    expect(emf[0]!._aws.CloudWatchMetrics[0].Dimensions[0]).toEqual(expect.arrayContaining(['outcome']));
    expect(emf[1]).toMatchObject({ Submission: 1, outcome: 'invalid' });
  });

  it('carry nothing from one count to the next, for the same outcome or another', async () => {
    const emf = await emittedBy((countOutcome) => {
      countOutcome('Submission', 'accepted');
      countOutcome('Submission', 'accepted');
      countOutcome('Document', 'accepted', { count: 2 });
      countOutcome('Submission', 'invalid');
    });
    expect(emf.map(({ Submission, Document, outcome }) => ({ Submission, Document, outcome }))).toEqual([
      { Submission: 1, Document: undefined, outcome: 'accepted' },
      { Submission: 1, Document: undefined, outcome: 'accepted' },
      { Submission: undefined, Document: 2, outcome: 'accepted' },
      { Submission: 1, Document: undefined, outcome: 'invalid' },
    ]);
    for (const line of emf) expect(line._aws.CloudWatchMetrics[0].Metrics).toHaveLength(1);
  });

  it('carry the ids they are given as log fields, which can neither replace the count nor become dimensions', async () => {
    const [line] = await emittedBy((countOutcome) => {
      countOutcome('Submission', 'created', { ids: { agencyId: 'demo', caseId: 'c-1', submissionId: 's-1', outcome: 'forged', Submission: 9, service: 'other', replayed: false } });
    });
    expect(line).toMatchObject({ agencyId: 'demo', caseId: 'c-1', submissionId: 's-1', replayed: false, outcome: 'created', Submission: 1, service: 'caseforms' });
    expect(line!._aws.CloudWatchMetrics[0].Dimensions).toEqual([['service', 'outcome']]);
    expect(line!._aws.CloudWatchMetrics[0].Metrics).toEqual([{ Name: 'Submission', Unit: 'Count' }]);
  });

  it('count each refused form or pack as FormRefused, with its agency, form and file for the logs', async () => {
    vi.stubEnv('CASEFORMS_METRICS', 'on');
    vi.resetModules();
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => { lines.push(String(chunk)); return true; });
    const { reportRefusal } = await import('../../functions/observability/refusals.ts');
    const { FORM_REFUSED_METRIC } = await import('../../functions/observability/metrics.ts');
    reportRefusal({ agencyId: 'harbor', formId: 'housing-stability', file: 'harbor/forms/housing-stability.json', reason: 'invalid schema: can\'t resolve reference #/$defs/missing' });
    reportRefusal({ agencyId: 'quay', file: 'quay/agency.json', reason: 'not JSON' });
    vi.restoreAllMocks();
    const emf = lines.map((line) => JSON.parse(line) as Record<string, any>).filter((line) => line._aws);
    expect(emf).toEqual([
      expect.objectContaining({ FormRefused: 1, outcome: 'refused', agencyId: 'harbor', formId: 'housing-stability', scope: 'form' }),
      expect.objectContaining({ FormRefused: 1, outcome: 'refused', agencyId: 'quay', scope: 'pack' }),
    ]);
    expect(emf[0]!._aws.CloudWatchMetrics[0]).toMatchObject({ Namespace: FORM_REFUSED_METRIC.namespace, Metrics: [{ Name: FORM_REFUSED_METRIC.name }] });
    expect(emf[0]).toMatchObject(FORM_REFUSED_METRIC.dimensions);
  });
});
