import type { Config } from '../contracts/config.ts';
import { BlobStore } from '../adapters/aws/blob-store.ts';
import { DynamoPackStore } from '../adapters/aws/pack-store.ts';
import { S3FormVersionStore } from '../adapters/aws/s3-form-versions.ts';

/** Published packs and drafts: S3 for the files, DynamoDB for the pointer, the draft and the history. */
export function packStore(config: Pick<Config, 'tableName' | 'bucketName'>): DynamoPackStore {
  const blobs = new BlobStore(config.bucketName);
  return new DynamoPackStore(config.tableName, blobs, new S3FormVersionStore(config.bucketName, blobs));
}
