import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';

/**
 * One client per service per container, created on first use. Endpoints come from the SDK's own
 * AWS_ENDPOINT_URL_<SERVICE> variables, so the same code talks to AWS or to the local emulators. The SES client
 * lives in ses-client.ts, so only the functions that send mail bundle it.
 */
let dynamo: DynamoDBDocumentClient | undefined;
let s3: S3Client | undefined;
let sqs: SQSClient | undefined;

export const clients = {
  dynamo: () => (dynamo ??= DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } })),
  // Path-style addressing works against AWS and against emulators that cannot serve bucket subdomains.
  s3: () => (s3 ??= new S3Client({ forcePathStyle: true })),
  sqs: () => (sqs ??= new SQSClient({})),
};

const resets: Array<() => void> = [];

/** Lets a client module elsewhere be dropped by resetClients too. */
export function onResetClients(reset: () => void): void {
  resets.push(reset);
}

/** Drops the clients so the next use reads the endpoint settings again (see resetServices). */
export function resetClients(): void {
  dynamo = undefined;
  s3 = undefined;
  sqs = undefined;
  for (const reset of resets) reset();
}
