import { DynamoOutbox } from '../adapters/aws/dynamo-outbox.ts';
import { sweepOutbox } from '../domain/cases/outbox.ts';
import { logger } from '../observability/logger.ts';
import { getServices } from '../services.ts';

/** Scheduled: re-enqueues committed document jobs that no worker has completed, so an accepted intake is never stranded. */
export async function handler(): Promise<{ enqueued: number }> {
  const { config, jobQueue } = getServices();
  const enqueued = await sweepOutbox(new DynamoOutbox(config.tableName), jobQueue, new Date());
  if (enqueued > 0) logger.info('outbox jobs re-enqueued', { enqueued });
  return { enqueued };
}
