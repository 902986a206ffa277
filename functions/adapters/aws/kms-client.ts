import { KMSClient } from '@aws-sdk/client-kms';
import { perEndpoint } from './clients.ts';

/** The KMS client (see clients.ts). */
export const kmsClient = perEndpoint('KMS', () => new KMSClient({}));
