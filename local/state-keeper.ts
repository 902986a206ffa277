import type { IncomingMessage } from 'node:http';
import { tableDesign } from '../functions/contracts/table-design.ts';
import type { LocalResources } from './bootstrap.ts';
import { blobsOf, type SavedState } from './saved-state.ts';
import type { RecordedMessage } from './ses-recorder.ts';
import { captureState } from './state-capture.ts';
import type { StateFiles } from './state-files.ts';
import { TableMirror } from './table-mirror.ts';

/** Saves wait at least this many times as long as the last save took, so saving costs a busy stack ≤ 1/4 of its time. */
const SPACING = 3;

/**
 * Saves the stack's data to its state folder: soon after a change (so a hard kill loses only the last moments) and
 * once more at a clean stop, with the queues' waiting messages. Every write the service makes goes through DynamoDB
 * (seen by the serializing proxy, noteDynamoRequest) or SES (markChanged); objects are stored just before the items
 * that name them. Saves never overlap.
 */
export class StateKeeper {
  private changed = false;
  private timer: NodeJS.Timeout | undefined;
  private saving: Promise<unknown> = Promise.resolve();
  private notBefore = 0;
  private readonly table: TableMirror;

  constructor(
    private readonly files: StateFiles,
    private readonly resources: LocalResources,
    private readonly sentMail: () => readonly RecordedMessage[],
    private last: SavedState | undefined,
  ) {
    this.table = new TableMirror(resources.tableName, [tableDesign.partitionKey, tableDesign.sortKey], last?.items);
  }

  noteDynamoRequest(incoming: IncomingMessage, body: Buffer): void {
    if (this.table.noteRequest(incoming.headers['x-amz-target'] as string | undefined, body)) this.changed = true;
  }

  markChanged(): void {
    this.changed = true;
  }

  start(intervalMs: number): void {
    this.timer = setInterval(() => {
      if (!this.changed || Date.now() < this.notBefore) return;
      this.changed = false;
      this.save(false).catch((error: unknown) => {
        this.changed = true;
        console.error('local state: saving failed:', (error as Error).name);
      });
    }, intervalMs);
  }

  /** Saves now (after any save under way); resolves to the bytes the state folder holds. */
  save(drainQueues: boolean): Promise<number> {
    const next = this.saving.catch(() => undefined).then(async () => {
      const started = Date.now();
      const state = await captureState(this.resources, this.files, () => this.table.refresh(), this.sentMail(), this.last, drainQueues);
      const bytes = this.files.write(state, blobsOf(state));
      this.last = state;
      this.notBefore = Date.now() + SPACING * (Date.now() - started);
      return bytes;
    });
    this.saving = next;
    return next;
  }

  /** The final save of a clean stop: call it after the queue poller stopped and before the emulator does. */
  async stop(): Promise<number> {
    clearInterval(this.timer);
    return this.save(true);
  }
}
