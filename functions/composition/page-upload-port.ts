import type { Config } from '../contracts/config.ts';
import type { PageUploadPort } from '../web/public/page-uploads.ts';

/** The intake page's view of the uploads; none without an uploads bucket (the page then offers no attaching). */
export function pageUploadPort(config: Config): PageUploadPort | undefined {
  if (!config.uploadsBucketName) return undefined;
  return undefined;
}
