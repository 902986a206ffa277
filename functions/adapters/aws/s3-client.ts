import { S3Client } from '@aws-sdk/client-s3';
import { perEndpoint } from './clients.ts';

/** The S3 client (see clients.ts). Path-style addressing works against AWS and against emulators that cannot serve bucket subdomains. */
export const s3Client = perEndpoint('S3', () => new S3Client({ forcePathStyle: true }));
