import { resolve } from 'node:path';

/** Where `npm start` tells other commands (npm run redrive, npm run backfill) its resources and emulator are; removed when it stops. */
export const localStackFile = resolve(import.meta.dirname, '..', '.local', 'stack.json');

export interface LocalStackFile {
  readonly url: string;
  readonly emulatorEndpoint: string;
  readonly documentQueueUrl: string;
  readonly deadLetterQueueUrl: string;
  readonly tableName: string;
  readonly bucketName: string;
  /** The stack's serializing DynamoDB proxy: a command that writes while the stack runs goes through it too. */
  readonly dynamodbEndpoint: string;
}
