import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { CreateScheduleCommandInput } from '@aws-sdk/client-scheduler';
import type { MessageAttributeValue } from '@aws-sdk/client-sqs';

/**
 * What `npm start` keeps between runs (local/state-keeper.ts), by the role of each resource rather than its name.
 * Bodies of objects and mails live in blob files named by their SHA-256 (local/state-files.ts).
 */
export interface SavedState {
  readonly format: 1;
  readonly savedAt: string;
  /** Every item of the table, as DynamoDB's wire format has it (types kept exactly). */
  readonly items: readonly Record<string, AttributeValue>[];
  readonly objects: readonly SavedObject[];
  /** The uploads bucket's objects (clients' files, with their scan tags); absent in a state saved before uploads existed. */
  readonly uploads?: readonly SavedObject[];
  /** Review reminders' one-time schedules (EventBridge Scheduler), without their group. */
  readonly schedules: readonly SavedSchedule[];
  /** Every message SES accepted, oldest first: the local mailbox. */
  readonly mail: readonly SavedMail[];
  /**
   * Messages waiting in the queues. A periodic save has the dead letters only (the document queue's jobs are in the
   * outbox, which the sweeper re-sends); the save of a clean stop has both (see local/README.md).
   */
  readonly queues: { readonly documents: readonly SavedMessage[]; readonly deadLetters: readonly SavedMessage[] };
}

export interface SavedObject {
  readonly key: string;
  readonly etag: string;
  readonly blob: string;
  readonly contentType?: string;
  readonly metadata?: Record<string, string>;
  /** Object tags, kept for the uploads bucket only (the malware scan's GuardDutyMalwareScanStatus). */
  readonly tags?: Record<string, string>;
}

export type SavedSchedule = Omit<CreateScheduleCommandInput, 'GroupName' | 'ClientToken'>;

export interface SavedMail {
  readonly id: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly blob: string;
}

export interface SavedMessage {
  readonly body: string;
  readonly attributes?: Record<string, MessageAttributeValue>;
}

export function blobsOf(state: SavedState): Set<string> {
  return new Set([...state.objects, ...(state.uploads ?? [])].map((object) => object.blob).concat(state.mail.map((mail) => mail.blob)));
}
