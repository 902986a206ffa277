import { randomUUID } from 'node:crypto';
import { BlobStore } from '../adapters/aws/blob-store.ts';
import { DynamoRetentionStore } from '../adapters/aws/retention-store.ts';
import { builtOnce } from '../composition/built-once.ts';
import { readConfig, type Config } from '../contracts/config.ts';
import { sweepRetention } from '../domain/cases/retention.ts';
import { logger } from '../observability/logger.ts';

/** Daily (EventBridge): purges ended cases whose retention period is over and that are not on legal hold. */
export function build(settings: () => Config = readConfig) {
  const store = builtOnce(() => {
    const config = settings();
    return new DynamoRetentionStore(config.tableName, new BlobStore(config.bucketName), config.uploadsBucketName ? new BlobStore(config.uploadsBucketName) : undefined);
  });
  return async function sweep(): Promise<{ purged: number; skipped: number }> {
    const result = await sweepRetention(store(), new Date(), randomUUID());
    logger.info('retention sweep', { purged: result.purged, skipped: result.skipped });
    return result;
  };
}

export const handler = build();
