import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/**
 * An Errors and a Throttles alarm for one function, both on any occurrence in a minute. Errors from the public routes
 * mean a client got a 5xx; from the workers, a job or mail event is being retried. Throttles mean the account's
 * concurrency ran out, which nothing else in the stack would surface.
 */
export function addFunctionAlarms(fn: lambda.Function, handler: string): cloudwatch.Alarm[] {
  const alarm = (id: string, metric: cloudwatch.Metric, what: string) =>
    new cloudwatch.Alarm(fn, id, {
      alarmDescription: `caseforms ${handler}: ${what}`,
      metric,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      threshold: 0,
      evaluationPeriods: 1,
      // Lambda publishes nothing for a function nobody called; silence means idle, not broken.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  const options = { period: Duration.minutes(1), statistic: cloudwatch.Stats.SUM };
  return [
    alarm('ErrorsAlarm', fn.metricErrors(options), 'invocations failed with an error'),
    alarm('ThrottlesAlarm', fn.metricThrottles(options), 'invocations were throttled'),
  ];
}

/** An alarm as soon as anything waits in a dead-letter queue: each message there is work nobody has done yet. */
export function addDeadLetterAlarm(scope: Construct, queue: sqs.IQueue, description: string): cloudwatch.Alarm {
  return new cloudwatch.Alarm(scope, 'DeadLetterAlarm', {
    alarmDescription: description,
    metric: queue.metricApproximateNumberOfMessagesVisible({
      period: Duration.minutes(1),
      statistic: cloudwatch.Stats.MAXIMUM,
    }),
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    threshold: 0,
    evaluationPeriods: 1,
    // SQS stops publishing metrics for an idle queue; silence means empty, not broken.
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
}
