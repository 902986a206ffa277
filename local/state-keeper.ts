import type { LocalResources } from './bootstrap.ts';
import { blobsOf, type SavedState } from './saved-state.ts';
import type { RecordedMessage } from './ses-recorder.ts';
import { captureState } from './state-capture.ts';
import type { StateFiles } from './state-files.ts';

/** DynamoDB operations that change nothing: the serializing proxy sees every other one as a change to save. */
const DYNAMO_READS = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan', 'DescribeTable', 'DescribeTimeToLive', 'ListTables']);

export function isDynamoWrite(target: string | undefined): boolean {
  return !!target && !DYNAMO_READS.has(target.slice(target.lastIndexOf('.') + 1));
}

/**
 * Saves the stack's data to its state folder: soon after a change (so a hard kill loses only the last moments) and
 * once more at a clean stop, with the queues' waiting messages. Every write the service makes goes through DynamoDB
 * or SES, so those two mark the state changed; objects are stored just before the items that name them.
 * Saves never overlap.
 */
export class StateKeeper {
  private changed = false;
  private timer: NodeJS.Timeout | undefined;
  private saving: Promise<unknown> = Promise.resolve();
  private bytes = 0;

  constructor(
    private readonly files: StateFiles,
    private readonly resources: LocalResources,
    private readonly sentMail: () => readonly RecordedMessage[],
    private last: SavedState | undefined,
  ) {}

  markChanged(): void {
    this.changed = true;
  }

  start(intervalMs: number): void {
    this.timer = setInterval(() => {
      if (!this.changed) return;
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
      const state = await captureState(this.resources, this.files, this.sentMail(), this.last, drainQueues);
      this.bytes = this.files.write(state, blobsOf(state));
      this.last = state;
      return this.bytes;
    });
    this.saving = next;
    return next;
  }

  /** The last save's size on disk. */
  savedBytes(): number {
    return this.bytes;
  }

  /** The final save of a clean stop: call it after the queue poller stopped and before the emulator does. */
  async stop(): Promise<number> {
    clearInterval(this.timer);
    return this.save(true);
  }
}
