import { S3FileLinks } from '../adapters/aws/file-links.ts';
import type { Config } from '../contracts/config.ts';
import type { FileLinks } from '../domain/cases/open-case-file.ts';

/** Links to the case files released in the uploads bucket (only the functions that serve files get its name). */
export function fileLinks(config: Config): FileLinks {
  if (!config.uploadsBucketName) throw new Error('UPLOADS_BUCKET_NAME is not set: this function serves case files');
  return new S3FileLinks(config.uploadsBucketName);
}
