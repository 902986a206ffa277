import { randomUUID } from 'node:crypto';
import { BlobStore } from '../aws/blob-store.ts';
import { DynamoRetentionStore } from '../aws/retention-store.ts';
import { sweepRetention } from '../cases/retention.ts';
import { logger } from '../observability/logger.ts';
import { getServices } from '../services.ts';

/** Daily (EventBridge): purges ended cases whose retention period is over and that are not on legal hold. */
export async function handler(): Promise<{ purged: number; skipped: number }> {
  const { config } = getServices();
  const result = await sweepRetention(new DynamoRetentionStore(config.tableName, new BlobStore(config.bucketName)), new Date(), randomUUID());
  logger.info('retention sweep', { purged: result.purged, skipped: result.skipped });
  return result;
}
