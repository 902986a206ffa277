import { SqsJobQueue } from '../adapters/aws/job-queue.ts';
import { DynamoNoteStore } from '../adapters/aws/note-store.ts';
import type { Config } from '../contracts/config.ts';
import type { JobQueue } from '../domain/cases/intake.ts';
import type { FormCatalog } from '../domain/forms/catalog.ts';
import { servingCatalog } from './serving-catalog.ts';

/**
 * What the functions that save notes and list follow-ups work with: the agencies (time zones), the note store, and
 * the document queue (a follow-up's reminder job: its fast path; the outbox holds it anyway).
 */
export function noteKeeping(config: Config): { readonly catalog: FormCatalog; readonly noteStore: DynamoNoteStore; readonly queue: JobQueue } {
  return { catalog: servingCatalog(config), noteStore: new DynamoNoteStore(config.tableName), queue: new SqsJobQueue(config.documentQueueUrl) };
}
