import type { MailboxMessage } from '../../local/mailbox.ts';
import type { LocalStack } from '../../local/stack.ts';

/** Every message the local SES outbox holds so far (GET /_local/mailbox), oldest first. Only the URL is needed, so a stack started by `npm start` will do. */
export async function mailboxOf(stack: Pick<LocalStack, 'url'>): Promise<MailboxMessage[]> {
  return (await (await fetch(`${stack.url}/_local/mailbox`)).json()) as MailboxMessage[];
}
