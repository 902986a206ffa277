import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { perEndpoint } from './clients.ts';

/** The DynamoDB document client (see clients.ts): undefined attributes are left out, as every item is written. */
export const dynamoClient = perEndpoint('DYNAMODB', () => DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } }));
