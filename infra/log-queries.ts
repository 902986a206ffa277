import { Stack } from 'aws-cdk-lib';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

/** The fields of an intake's outcome line (countOutcome in functions/observability/metrics.ts): ids, never answers. */
export const intakeOutcomeFields = ['@timestamp', 'outcome', 'agencyId', 'formId', 'caseId', 'submissionId', 'requestId', 'channel'];

/**
 * Saved Logs Insights queries over the intake functions' logs, for whoever is on call: each intake writes one line,
 * its outcome's metric with the ids that find it again, so "what happened to this request or case" is a search, not
 * a guess. A request id is in the API's access log and in API Gateway's `apigw-requestid` response header.
 */
export function addIntakeQueries(scope: Construct, intakeFunctions: readonly NodejsFunction[]): void {
  const prefix = Stack.of(scope).stackName;
  const logGroups = intakeFunctions.map((fn) => fn.logGroup);
  new logs.QueryDefinition(scope, 'IntakeOutcomesQuery', {
    queryDefinitionName: `${prefix}/intake-outcomes`,
    queryString: new logs.QueryString({
      fields: intakeOutcomeFields,
      filterStatements: ['ispresent(Submission)'],
      sort: '@timestamp desc',
      limit: 200,
    }),
    logGroups,
  });
  new logs.QueryDefinition(scope, 'IntakeOutcomeCountsQuery', {
    queryDefinitionName: `${prefix}/intake-outcomes-per-hour`,
    queryString: new logs.QueryString({
      filterStatements: ['ispresent(Submission)'],
      statsStatements: ['sum(Submission) by outcome, agencyId, bin(1h)'],
    }),
    logGroups,
  });
}
