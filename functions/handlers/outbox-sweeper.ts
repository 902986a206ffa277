import { DynamoOutbox } from '../adapters/aws/dynamo-outbox.ts';
import { SqsJobQueue } from '../adapters/aws/job-queue.ts';
import { builtOnce } from '../composition/built-once.ts';
import { readConfig, type Config } from '../contracts/config.ts';
import { sweepOutbox } from '../domain/cases/outbox.ts';
import { logger } from '../observability/logger.ts';

/** Scheduled: re-enqueues committed document jobs that no worker has completed, so an accepted intake is never stranded. */
export function build(settings: () => Config = readConfig) {
  const parts = builtOnce(() => {
    const config = settings();
    return { outbox: new DynamoOutbox(config.tableName), queue: new SqsJobQueue(config.documentQueueUrl) };
  });
  return async function sweep(): Promise<{ enqueued: number }> {
    const { outbox, queue } = parts();
    const enqueued = await sweepOutbox(outbox, queue, new Date());
    if (enqueued > 0) logger.info('outbox jobs re-enqueued', { enqueued });
    return { enqueued };
  };
}

export const handler = build();
