import { AwsUploadStore } from '../adapters/aws/upload-store.ts';
import { UploadReleaseStore } from '../adapters/aws/upload-release-store.ts';
import type { Config } from '../contracts/config.ts';
import type { UploadStores } from '../web/uploads/upload-routes.ts';

/** The upload routes' stores (intake-upload, staff-form-upload); none when the deployment has no uploads bucket. */
export function uploadStores(config: Config): UploadStores | undefined {
  const bucket = config.uploadsBucketName;
  return bucket ? { uploads: new AwsUploadStore(bucket, config.tableName, config.uploadPostEndpoint), release: new UploadReleaseStore(config.tableName, bucket) } : undefined;
}
