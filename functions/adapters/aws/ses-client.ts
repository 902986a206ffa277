import { SESv2Client } from '@aws-sdk/client-sesv2';
import { perEndpoint } from './clients.ts';

/** The SES v2 client, for the functions that send mail only (see clients.ts). */
export const sesClient = perEndpoint('SESV2', () => new SESv2Client({}));
