import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';

/**
 * A service's client, made on first use and kept while its endpoint stays the same. Endpoints come from the SDK's own
 * AWS_ENDPOINT_URL_<SERVICE> variables, so the same code talks to AWS or to the local emulators; in Lambda they never
 * change, and the one client lives as long as the container. A client is for the endpoint it was made for: a local
 * stack started again in the same process points the service at a new emulator proxy, and gets new clients.
 */
export function perEndpoint<T>(service: string, create: () => T): () => T {
  const variable = `AWS_ENDPOINT_URL_${service}`;
  let made: { readonly endpoint: string | undefined; readonly client: T } | undefined;
  return () => {
    const endpoint = process.env[variable];
    if (!made || made.endpoint !== endpoint) made = { endpoint, client: create() };
    return made.client;
  };
}

/** DynamoDB, S3 and SQS. The SES and Scheduler clients live in their own modules, so only the functions that use them bundle them. */
export const clients = {
  dynamo: perEndpoint('DYNAMODB', () => DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } })),
  // Path-style addressing works against AWS and against emulators that cannot serve bucket subdomains.
  s3: perEndpoint('S3', () => new S3Client({ forcePathStyle: true })),
  sqs: perEndpoint('SQS', () => new SQSClient({})),
};
