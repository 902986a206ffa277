import { Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { keys } from '../functions/aws/table-design.ts';
import { rawSubmissionKey } from '../functions/cases/intake.ts';
import { documentKey } from '../functions/documents/document-job-runner.ts';
import { formVersionsPrefix } from './form-versions.ts';

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

/** Partition keys of audit records, `AGENCY#<agency>#AUDIT#<case>`, as an IAM StringLike pattern. */
export const auditKeyPattern = keys.audit('*', '*');

/** Object keys of raw submission bodies, public and staff alike, as an S3 ARN pattern. */
export const rawSubmissionPattern = rawSubmissionKey('*', '*', '*');

/** Object keys of generated documents (functions/documents/document-job-runner.ts), as an S3 ARN pattern. */
export const documentPattern = documentKey('*', '*', '*');

/**
 * Staff reads are audited: the reading functions may append audit records, and nothing else. PutItem only, on the
 * table itself, and only to items whose partition key is an audit partition, so a read-only function cannot
 * overwrite a case. The KMS actions are the ones CDK's grantWriteData adds for the table's key.
 */
const grantAuditAppend = (fn: lambda.IFunction, table: dynamodb.ITable): void => {
  fn.addToRolePolicy(
    new iam.PolicyStatement({
      actions: ['dynamodb:PutItem'],
      resources: [table.tableArn],
      conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [auditKeyPattern] } },
    }),
  );
  table.encryptionKey?.grantEncrypt(fn);
};

/** Read the case data and append audit records. */
const grantStaffRead = (fn: lambda.IFunction, { table }: DataResources): void => {
  table.grantReadData(fn);
  grantAuditAppend(fn, table);
};

/** Route handlers not listed get no data access at all. */
export const routeGrants: Readonly<Record<string, Grant>> = {
  // Form schemas ship inside the bundle: reading one touches no AWS data.
  'get-form': () => {},
  // The current version is in the bundle; older ones are read from the published form versions.
  'get-form-version': (fn, { bucket }) => {
    bucket.grantRead(fn, `${formVersionsPrefix}*`);
  },
  submit: (fn, { table, bucket, queue }) => {
    table.grantReadWriteData(fn);
    bucket.grantPut(fn);
    queue.grantSendMessages(fn);
  },
  'list-cases': grantStaffRead,
  'get-case': grantStaffRead,
  'get-audit': grantStaffRead,
  // The answers are the raw submission body; generated documents and form versions stay out of reach.
  'get-submission': (fn, resources) => {
    grantStaffRead(fn, resources);
    resources.bucket.grantRead(fn, rawSubmissionPattern);
  },
  // Generated documents only: raw answers and form versions stay out of reach.
  'get-document': (fn, resources) => {
    grantStaffRead(fn, resources);
    resources.bucket.grantRead(fn, documentPattern);
  },
  // Staff submissions follow the public intake path: table items, the raw body in the bucket, document jobs.
  'submit-staff-form': (fn, { table, bucket, queue }) => {
    table.grantReadWriteData(fn);
    bucket.grantPut(fn, rawSubmissionPattern);
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
