import type { MailboxMessage } from '../../local/mailbox.ts';
import type { LocalStack } from '../../local/stack.ts';
import { mailboxOf } from './mailbox.ts';
import { waitFor } from './wait.ts';

/** A secure link's one-time code as the recipient does it: ask for it, read it from the local mailbox, type it in. */

const CODE_MAIL = /^(?:Your code from|Votre code de|Su código de|رمزك من) /;

/** The code mails sent to `address` so far, oldest first. */
export async function codeMailsTo(stack: LocalStack, address: string): Promise<MailboxMessage[]> {
  return (await mailboxOf(stack)).filter((m) => m.to.includes(address) && CODE_MAIL.test(m.subject));
}

/** The six digits a code mail carries. */
export function codeIn(mail: MailboxMessage): string {
  return /\b(\d{6})\b/.exec(mail.text)![1]!;
}

/** Asks for a code (POST <link>/code) and waits for its mail: the response and the new code. */
export async function sendCode(stack: LocalStack, link: string, address: string, headers: Record<string, string> = {}) {
  const before = (await codeMailsTo(stack, address)).length;
  const response = await fetch(`${link}/code`, { method: 'POST', headers });
  const mail = response.status === 200 ? await waitFor(async () => (await codeMailsTo(stack, address))[before], 15_000, `a code mail to ${address}`) : undefined;
  return { response, mail, code: mail && codeIn(mail) };
}

/** Types a code on the link's page (POST <link>), as the page's form sends it; redirects are not followed. */
export function typeCode(link: string, code: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(link, {
    method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams({ code }).toString(),
  });
}

/** The cookie a right code set, as the browser sends it back (`name=value`). */
export function passCookie(response: Response): string {
  return response.headers.getSetCookie()[0]!.split(';')[0]!;
}

/** The whole way through: the Cookie header that opens `link` for a while (its opening is audited on the GET). */
export async function confirmCode(stack: LocalStack, link: string, address: string, headers: Record<string, string> = {}): Promise<string> {
  const { code } = await sendCode(stack, link, address, headers);
  const typed = await typeCode(link, code!, headers);
  if (typed.status !== 303) throw new Error(`the code was refused: ${typed.status}`);
  return passCookie(typed);
}
