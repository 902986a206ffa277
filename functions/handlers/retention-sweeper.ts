import { randomUUID } from 'node:crypto';
import { BlobStore } from '../adapters/aws/blob-store.ts';
import { DynamoRetentionStore } from '../adapters/aws/retention-store.ts';
import { UploadReleaseStore } from '../adapters/aws/upload-release-store.ts';
import { builtOnce } from '../composition/built-once.ts';
import { readConfig, type Config } from '../contracts/config.ts';
import { sweepRetention } from '../domain/cases/retention.ts';
import { sweepUploads } from '../domain/uploads/sweep-uploads.ts';
import { logger } from '../observability/logger.ts';

/**
 * Daily (EventBridge): purges ended cases whose retention period is over and that are not on legal hold; then deletes
 * the uploads no submission took within their day (domain/uploads/sweep-uploads.ts).
 */
export function build(settings: () => Config = readConfig) {
  const stores = builtOnce(() => {
    const config = settings();
    return {
      retention: new DynamoRetentionStore(config.tableName, new BlobStore(config.bucketName), config.uploadsBucketName ? new BlobStore(config.uploadsBucketName) : undefined),
      uploads: config.uploadsBucketName ? new UploadReleaseStore(config.tableName, config.uploadsBucketName) : undefined,
    };
  });
  return async function sweep(): Promise<{ purged: number; skipped: number; locked: number; uploadObjects: number; uploadRecords: number }> {
    const { retention, uploads } = stores();
    const now = new Date();
    const result = await sweepRetention(retention, now, randomUUID());
    const swept = uploads ? await sweepUploads(uploads, now) : { objects: 0, records: 0 };
    logger.info('retention sweep', { purged: result.purged, skipped: result.skipped, locked: result.locked, uploadObjects: swept.objects, uploadRecords: swept.records });
    return { ...result, uploadObjects: swept.objects, uploadRecords: swept.records };
  };
}

export const handler = build();
