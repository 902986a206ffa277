import { Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sqs from 'aws-cdk-lib/aws-sqs';

/**
 * Every grant a caseforms function gets, in one place to review. The table, bucket and queues are
 * encrypted with the CMK, so each CDK grant below also adds the matching KMS permissions on that key.
 */
export interface DataResources {
  readonly table: dynamodb.ITable;
  readonly bucket: s3.IBucket;
  readonly queue: sqs.IQueue;
}

type Grant = (fn: lambda.IFunction, resources: DataResources) => void;

/** Route handlers not listed get no data access at all. */
export const routeGrants: Readonly<Record<string, Grant>> = {
  // Form schemas ship inside the bundle: reading one touches no AWS data.
  'get-form': () => {},
  submit: (fn, { table, bucket, queue }) => {
    table.grantReadWriteData(fn);
    bucket.grantPut(fn);
    queue.grantSendMessages(fn);
  },
};

export const grantDocumentWorker: Grant = (fn, { table, bucket }) => {
  table.grantReadWriteData(fn);
  bucket.grantReadWrite(fn);
  // Sender addresses are per agency and not known to the stack, so this is scoped to verified identities
  // in this account and region rather than to one ses:FromAddress.
  fn.addToRolePolicy(
    new iam.PolicyStatement({
      actions: ['ses:SendEmail', 'ses:SendRawEmail'],
      resources: [Stack.of(fn).formatArn({ service: 'ses', resource: 'identity', resourceName: '*' })],
    }),
  );
};

export const grantOutboxSweeper: Grant = (fn, { table, queue }) => {
  table.grantReadWriteData(fn);
  queue.grantSendMessages(fn);
};
