import { randomUUID } from 'node:crypto';
import { BlobStore } from '../adapters/aws/blob-store.ts';
import { DynamoRetentionStore } from '../adapters/aws/retention-store.ts';
import { sweepRetention } from '../domain/cases/retention.ts';
import { logger } from '../observability/logger.ts';
import { getServices } from '../services.ts';

/** Daily (EventBridge): purges ended cases whose retention period is over and that are not on legal hold. */
export async function handler(): Promise<{ purged: number; skipped: number }> {
  const { config } = getServices();
  const result = await sweepRetention(new DynamoRetentionStore(config.tableName, new BlobStore(config.bucketName)), new Date(), randomUUID());
  logger.info('retention sweep', { purged: result.purged, skipped: result.skipped });
  return result;
}
