import { SQSClient } from '@aws-sdk/client-sqs';
import { perEndpoint } from './clients.ts';

/** The SQS client (see clients.ts). */
export const sqsClient = perEndpoint('SQS', () => new SQSClient({}));
