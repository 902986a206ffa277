import type { LocalStack } from '../local/stack.ts';
import type { MailboxMessage } from '../local/mailbox.ts';
import { bucketKeys, itemsOfType, tableItems } from '../local/aws-readback.ts';

/** What a run of intakes left behind, read back from the emulator and the local mailbox. */
export interface IntakeCounts {
  readonly cases: number;
  readonly rawBodies: number;
  readonly pdfs: number;
  readonly documents: number;
  readonly emails: number;
  /** Cases at least one email was about (the case reference in the subject). */
  readonly distinctEmailedCases: number;
}

export async function countIntakes(stack: LocalStack): Promise<IntakeCounts> {
  const items = await tableItems(stack.resources.tableName);
  const keys = await bucketKeys(stack.resources.bucketName);
  const messages = (await (await fetch(`${stack.url}/_local/mailbox`)).json()) as MailboxMessage[];
  return {
    cases: itemsOfType(items, 'case').length,
    rawBodies: keys.filter((key) => key.includes('/submissions/')).length,
    pdfs: keys.filter((key) => key.endsWith('.pdf')).length,
    documents: itemsOfType(items, 'document').length,
    emails: messages.length,
    distinctEmailedCases: new Set(messages.map((message) => message.subject.split(' · case ')[1])).size,
  };
}

/** Every count equals `expected`: each accepted intake stored, rendered and emailed once. */
export function complete(counts: IntakeCounts, expected: number): boolean {
  return Object.values(counts).every((count) => count === expected);
}

/**
 * Waits until the mailbox holds an email per accepted intake (each is sent after its PDF is stored), or the deadline,
 * then counts everything once. Only the mailbox is polled: a full read of the table and the bucket every few seconds
 * would keep the emulator busy scanning, and slow the very work it waits for.
 */
export async function waitForIntakes(stack: LocalStack, accepted: number, timeoutMs: number, log: (progress: string) => void): Promise<IntakeCounts> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const emails = ((await (await fetch(`${stack.url}/_local/mailbox`)).json()) as MailboxMessage[]).length;
    log(`${emails} of ${accepted} emails`);
    if (emails >= accepted || Date.now() >= deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 5_000));
  }
  return countIntakes(stack);
}
