import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

/**
 * CloudWatch metrics, written as Embedded Metric Format log lines (no API call, no extra permission). Only counts of
 * outcomes, dimensioned by outcome: never a value from a submission.
 */
export const metrics = new Metrics({ namespace: 'caseforms', serviceName: 'caseforms' });

export type MetricName = 'Submission' | 'Document' | 'Delivery';

/** Publishes one count at once, so a handler needs no flush at the end of its invocation. */
export function countOutcome(name: MetricName, outcome: string, count = 1): void {
  if (count <= 0) return;
  const metric = metrics.singleMetric();
  metric.addDimension('outcome', outcome);
  metric.addMetric(name, MetricUnit.Count, count);
}
