import { describe, expect, it } from 'vitest';
import { DEFAULT_INTAKE_RATE_THRESHOLD, parseIntakeRateThreshold } from '../../infra/alarms.ts';
import { resources, stackSynthesizer, type Resource } from '../support/cdk-template.ts';

const synthesize = stackSynthesizer('intake-rate-alarm');
const intakeRateAlarms = (template: ReturnType<typeof synthesize>): [string, Resource][] =>
  resources(template, 'AWS::CloudWatch::Alarm').filter(([, alarm]) => alarm.Properties.MetricName === 'Submission');

describe('the intake-rate alarm', () => {
  const dev = synthesize('dev', { stage: 'dev' });
  const [topicId] = resources(dev, 'AWS::SNS::Topic').find(([id]) => id.startsWith('AlarmNotificationsTopic'))!;

  it(`fires when more than ${DEFAULT_INTAKE_RATE_THRESHOLD} intakes are stored in 5 minutes, on the Submission count the intake functions write`, () => {
    const found = intakeRateAlarms(dev);
    expect(found).toHaveLength(1);
    expect(found[0]![1].Properties).toMatchObject({
      Namespace: 'caseforms',
      Dimensions: expect.arrayContaining([{ Name: 'service', Value: 'caseforms' }, { Name: 'outcome', Value: 'created' }]),
      Statistic: 'Sum',
      Period: 300,
      EvaluationPeriods: 1,
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: DEFAULT_INTAKE_RATE_THRESHOLD,
      TreatMissingData: 'notBreaching',
    });
    expect(found[0]![1].Properties.Dimensions).toHaveLength(2);
  });

  it('notifies the alarm topic on ALARM and OK', () => {
    const [, alarm] = intakeRateAlarms(dev)[0]!;
    expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topicId }]);
    expect(alarm.Properties.OKActions).toEqual([{ Ref: topicId }]);
  });

  it('takes its threshold from the stack props (the intakeRateThreshold context)', () => {
    const custom = synthesize('custom', { stage: 'dev', intakeRateThreshold: 40 });
    expect(intakeRateAlarms(custom)[0]![1].Properties.Threshold).toBe(40);
  });

  it('parses the context as a whole number from 1 up, defaulting when unset', () => {
    expect(parseIntakeRateThreshold(undefined)).toBe(DEFAULT_INTAKE_RATE_THRESHOLD);
    expect(parseIntakeRateThreshold('')).toBe(DEFAULT_INTAKE_RATE_THRESHOLD);
    expect(parseIntakeRateThreshold('120')).toBe(120);
    expect(parseIntakeRateThreshold(75)).toBe(75);
    for (const bad of ['0', '-3', '2.5', 'lots', 0, 1.5]) expect(() => parseIntakeRateThreshold(bad), String(bad)).toThrow(/intakeRateThreshold/);
  });
});
