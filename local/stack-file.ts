import { resolve } from 'node:path';

/** Where `npm start` tells other commands (npm run redrive) its queues and emulator are; removed when it stops. */
export const localStackFile = resolve(import.meta.dirname, '..', '.local', 'stack.json');

export interface LocalStackFile {
  readonly url: string;
  readonly emulatorEndpoint: string;
  readonly documentQueueUrl: string;
  readonly deadLetterQueueUrl: string;
}
