import { LINK_CODE_VALID_MINUTES } from '../../domain/delivery/link-code.ts';
import type { OutgoingMessage } from '../../domain/delivery/mime.ts';
import type { Agency } from '../../domain/forms/agency.ts';
import { phrase, wordPhrase } from '../http/problem-phrases/index.ts';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The one-time code's mail, in the language the link's own mail was written in: the agency's name and the code, and
 * nothing about the case (no reference, no document title), since anyone who sees the inbox sees it.
 */
export function linkCodeMail(agency: Agency, to: string, locale: string, code: string): OutgoingMessage {
  const body = wordPhrase(phrase('linkCodeMailBody', code, LINK_CODE_VALID_MINUTES), locale);
  const ignore = wordPhrase(phrase('linkCodeMailIgnore'), locale);
  return {
    from: { name: agency.sender.name, address: agency.sender.email },
    to: [to],
    subject: wordPhrase(phrase('linkCodeMailSubject', agency.name), locale),
    text: `${body}\n\n${ignore}\n\n${agency.name} · ${agency.contact.phone}\n`,
    html: `<p>${escapeHtml(body)}</p><p>${escapeHtml(ignore)}</p><p>${escapeHtml(agency.name)} · ${escapeHtml(agency.contact.phone)}</p>`,
    attachments: [],
  };
}
