import type { Agency } from '../forms/agency.ts';
import { brandColorOf } from '../forms/brand.ts';
import { calendarDate } from '../forms/calendar-date.ts';
import { directionOf } from '../forms/text-direction.ts';
import type { OutgoingMessage } from './mime.ts';
import type { PlannedDelivery } from './routing.ts';
import { caseReference } from '../cases/case-reference.ts';

/** The email strings of one locale (templates/<folder>/locales/<locale>.json → `email`). */
export type EmailStrings = Readonly<Record<string, string>>;

export type MessageContent =
  | {
      readonly kind: 'document';
      readonly documentType: string;
      /** The document's title in the recipient's language. */
      readonly title: string;
      readonly pdf: Buffer;
      /** Present for the link method: the secure link and when it stops working. */
      readonly link?: { readonly url: string; readonly expiresAt: Date };
    }
  | { readonly kind: 'alert'; readonly flags: readonly string[] }
  /** An intake's receipt to the client: the reference and what happens next, nothing they wrote. */
  | { readonly kind: 'receipt' }
  /** A care plan's review is due on `reviewDate` (YYYY-MM-DD): the date and the case reference, nothing else. */
  | { readonly kind: 'review-reminder'; readonly reviewDate: string }
  /**
   * A document waits for the client to confirm their address: the agency's name and the confirm link, nothing else
   * (no title, no reference, no attachment), since the address may not be the client's.
   */
  | { readonly kind: 'address-check'; readonly url: string }
  /** The case is now the recipient's to manage: the case reference, nothing about the client. */
  | { readonly kind: 'case-assigned' }
  /**
   * A note's follow-up is due on `followUpDate` (YYYY-MM-DD): the date, the case reference and a link to the case page
   * (which asks for a staff sign-in), nothing about the client or the note.
   */
  | { readonly kind: 'note-follow-up'; readonly followUpDate: string; readonly url?: string }
  /**
   * A document on the case still awaits signatures: the case reference and a link to its signing page (which asks for
   * a staff sign-in), not the document's title, the client or who has not signed.
   */
  | { readonly kind: 'signing-reminder'; readonly url?: string }
  /**
   * The client is asked to sign a document: the agency, the signing link and until when it works, the agency's phone;
   * not the document's title or anything in it, like any client subject.
   */
  | { readonly kind: 'signature-request'; readonly url: string; readonly expiresAt: Date };

export interface MessageInput {
  readonly agency: Agency;
  readonly strings: EmailStrings;
  readonly to: PlannedDelivery & { readonly status: 'send' | 'held' };
  readonly caseId: string;
  /** The case manager, when the case has one; otherwise replies go to the agency's contact address. */
  readonly replyTo: string | undefined;
  readonly content: MessageContent;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function fill(template: string | undefined, values: Readonly<Record<string, string>>): string {
  return (template ?? '').replace(/\{(\w+)\}/g, (match, name: string) => values[name] ?? match);
}

/**
 * One recipient's message, in their language. Subjects and bodies carry what the recipient's role needs and no
 * more: a case reference, never the client's name or answers, since mail travels and is indexed widely. The client's
 * subject does not even say what the letter is about, in case someone else sees their inbox.
 */
export function composeMessage({ agency, strings, to, caseId, replyTo, content }: MessageInput): OutgoingMessage {
  const reference = caseReference(caseId);
  const values = { agency: agency.name, reference, phone: agency.contact.phone, name: to.name ?? '', title: content.kind === 'document' ? content.title : '' };
  const say = (key: string) => fill(strings[key], values);

  let subject: string;
  const paragraphs: string[][] = [];
  let link: string | undefined;
  if (content.kind === 'alert') {
    subject = say('alertSubject');
    paragraphs.push([say('greeting')], [say('alert'), ...content.flags.map((flag) => `- ${flag}`)], [say('reference')]);
  } else if (content.kind === 'receipt') {
    subject = say('receiptSubject');
    paragraphs.push([say('greeting')], [say('receipt')], [say('reference')]);
  } else if (content.kind === 'case-assigned') {
    subject = say('assignedSubject');
    paragraphs.push([say('greeting')], [say('assigned')], [say('reference')]);
  } else if (content.kind === 'note-follow-up') {
    const due = calendarDate(content.followUpDate, to.locale);
    subject = say('followUpSubject');
    paragraphs.push([say('greeting')], [fill(strings.followUp, { ...values, due })]);
    if (content.url) {
      link = content.url;
      paragraphs.push([say('followUpLink')], [link]);
    }
    paragraphs.push([say('reference')]);
  } else if (content.kind === 'signing-reminder') {
    subject = say('signingReminderSubject');
    paragraphs.push([say('greeting')], [say('signingReminder')]);
    if (content.url) {
      link = content.url;
      paragraphs.push([say('signingReminderLink')], [link]);
    }
    paragraphs.push([say('reference')]);
  } else if (content.kind === 'review-reminder') {
    const due = calendarDate(content.reviewDate, to.locale);
    subject = say('reviewSubject');
    paragraphs.push([say('greeting')], [fill(strings.review, { ...values, due })], [say('reference')]);
  } else if (content.kind === 'signature-request') {
    const expires = new Intl.DateTimeFormat(to.locale, { dateStyle: 'long', timeStyle: 'short', timeZone: agency.timeZone }).format(content.expiresAt);
    subject = say('signatureRequestSubject');
    link = content.url;
    paragraphs.push([say('greeting')], [say('signatureRequest')], [link], [fill(strings.signatureRequestExpires, { ...values, expires })], [say('signatureRequestPaper')]);
  } else if (content.kind === 'address-check') {
    subject = say('addressCheckSubject');
    link = content.url;
    paragraphs.push([say('greeting')], [say('addressCheck')], [link], [say('addressCheckNotYou')]);
  } else {
    subject = say(to.kind === 'client' ? 'clientSubject' : to.kind === 'provider' ? 'providerSubject' : 'staffSubject');
    paragraphs.push([say(to.kind === 'provider' ? 'providerGreeting' : 'greeting')]);
    paragraphs.push([say(to.kind === 'client' ? 'clientDocument' : to.kind === 'provider' ? 'providerDocument' : 'staffDocument')]);
    if (to.kind !== 'client') paragraphs.push([say('reference')]);
    if (content.link) {
      const expires = new Intl.DateTimeFormat(to.locale, { dateStyle: 'long', timeStyle: 'short', timeZone: agency.timeZone }).format(content.link.expiresAt);
      link = content.link.url;
      paragraphs.push([say('link')], [link], [fill(strings.linkExpires, { ...values, expires })]);
    } else {
      paragraphs.push([say('attached')]);
    }
  }
  paragraphs.push([say('questions')], [agency.name], [say('automatic')]);

  const text = paragraphs.map((lines) => lines.join('\n')).join('\n\n') + '\n';
  // The agency's colour as a bar above the message and on its link: inline styles, the only kind mail clients keep.
  const brand = brandColorOf(agency);
  const html = `<!doctype html><html lang="${escapeHtml(to.locale)}" dir="${directionOf(to.locale)}"><body style="border-top:6px solid ${brand};padding-top:8px">${paragraphs
    .map((lines) => (lines[0] === link
      ? `<p><a href="${escapeHtml(link!)}" style="color:${brand}">${escapeHtml(link!)}</a></p>`
      : `<p>${lines.map(escapeHtml).join('<br>')}</p>`))
    .join('')}</body></html>`;
  const attachments = content.kind === 'document' && !content.link
    ? [{ filename: `${content.documentType}-${reference}.pdf`, contentType: 'application/pdf', content: content.pdf }]
    : [];
  return {
    from: { name: agency.sender.name, address: agency.sender.email },
    to: [to.address],
    replyTo: replyTo ?? agency.contact.email,
    subject,
    text,
    html,
    attachments,
  };
}
