import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SQSClient } from '@aws-sdk/client-sqs';

/**
 * One client per service per container, created on first use. Endpoints come from the SDK's own
 * AWS_ENDPOINT_URL_<SERVICE> variables, so the same code talks to AWS or to the local emulators.
 */
let dynamo: DynamoDBDocumentClient | undefined;
let s3: S3Client | undefined;
let sqs: SQSClient | undefined;
let ses: SESv2Client | undefined;

export const clients = {
  dynamo: () => (dynamo ??= DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } })),
  // Path-style addressing works against AWS and against emulators that cannot serve bucket subdomains.
  s3: () => (s3 ??= new S3Client({ forcePathStyle: true })),
  sqs: () => (sqs ??= new SQSClient({})),
  ses: () => (ses ??= new SESv2Client({})),
};

/** Drops the clients so the next use reads the endpoint settings again (see resetServices). */
export function resetClients(): void {
  dynamo = undefined;
  s3 = undefined;
  sqs = undefined;
  ses = undefined;
}
