/**
 * CloudWatch metrics as Embedded Metric Format log lines: CloudWatch Logs turns each line into a metric, with no API
 * call and no extra permission. Only counts of outcomes, dimensioned by outcome: never a value from a submission.
 *
 * Written here rather than with Powertools' Metrics: the format is one small JSON object
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html),
 * and Powertools spent ~20 µs per count on environment reads and per-invocation stores: a sixth of the submit path
 * (bench/request-path.ts).
 *
 * A count can carry the ids of what it counts. Then the line is also the outcome's log record, as EMF allows
 * (fields that are neither dimensions nor metrics are kept as log fields, searchable in Logs Insights): the submit
 * path writes one line per request instead of a metric line and a Powertools info line, which cost it more than
 * everything else it does (bench/request-path.ts).
 */
export type MetricName = 'Submission' | 'Document' | 'Delivery' | 'FormRefused';

/** Counted once per container start for each form or pack that did not load (outcome `refused`); infra alarms on it. */
export const FORM_REFUSED_METRIC = { namespace: 'caseforms', name: 'FormRefused', dimensions: { service: 'caseforms', outcome: 'refused' } } as const;

const namespace = 'caseforms';
const service = 'caseforms';

/** `CASEFORMS_METRICS=off` silences them (the test runner and the load and fault runs, where nothing reads them). */
const enabled = () => process.env.CASEFORMS_METRICS !== 'off';

/** Ids (agency, form, case, submission, request) and flags: never a value from a submission. */
export type OutcomeIds = Readonly<Record<string, string | number | boolean>>;

export interface CountOptions {
  readonly count?: number;
  readonly ids?: OutcomeIds;
}

/** One line per count, written at once: a handler needs no flush, and no other invocation's count can join it. */
export function countOutcome(name: MetricName, outcome: string, { count = 1, ids }: CountOptions = {}): void {
  if (count <= 0 || !enabled()) return;
  const line = {
    ...ids, // first, so no id can replace the metric's own fields
    _aws: {
      Timestamp: Date.now(),
      CloudWatchMetrics: [{ Namespace: namespace, Dimensions: [['service', 'outcome']], Metrics: [{ Name: name, Unit: 'Count' }] }],
    },
    service,
    outcome,
    [name]: count,
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}
