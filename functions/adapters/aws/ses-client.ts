import { SESv2Client } from '@aws-sdk/client-sesv2';
import { onResetClients } from './clients.ts';

let ses: SESv2Client | undefined;
onResetClients(() => { ses = undefined; });

/** The SES v2 client, for the functions that send mail only (see clients.ts). */
export const sesClient = () => (ses ??= new SESv2Client({}));
