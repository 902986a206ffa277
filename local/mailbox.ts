import { simpleParser, type ParsedMail } from 'mailparser';
import type { RecordedMessage } from './ses-recorder.ts';

export interface MailboxAttachment {
  readonly filename: string;
  readonly contentType: string;
  readonly size: number;
  readonly url: string;
}

export interface MailboxMessage {
  readonly id: string;
  readonly from: string;
  readonly to: readonly string[];
  readonly replyTo: string;
  readonly subject: string;
  readonly date: string;
  /** The plain-text alternative, where secure links appear. */
  readonly text: string;
  /** The SES tags the message was sent with (agency, case, document, recipient role). */
  readonly tags: Readonly<Record<string, string>>;
  readonly attachments: readonly MailboxAttachment[];
}

/**
 * The local SES outbox: every message the SES emulator accepted (kept by local/ses-recorder.ts), parsed with a real
 * MIME parser. Parsed messages are cached by id: the outbox only grows.
 */
export class LocalMailbox {
  private readonly parsed = new Map<string, ParsedMail>();

  constructor(private readonly outbox: () => readonly RecordedMessage[], private readonly basePath = '/_local/mailbox') {}

  async messages(): Promise<MailboxMessage[]> {
    const messages: MailboxMessage[] = [];
    for (const raw of this.outbox()) {
      let mail = this.parsed.get(raw.id);
      if (!mail) {
        mail = await simpleParser(raw.raw);
        this.parsed.set(raw.id, mail);
      }
      messages.push(this.summary(raw, mail));
    }
    return messages;
  }

  async attachment(id: string, index: number): Promise<{ contentType: string; filename: string; content: Buffer } | undefined> {
    if (!this.parsed.has(id)) await this.messages();
    const attachment = this.parsed.get(id)?.attachments[index];
    return attachment && { contentType: attachment.contentType, filename: attachment.filename ?? `attachment-${index}`, content: attachment.content };
  }

  private summary({ id, tags }: RecordedMessage, mail: ParsedMail): MailboxMessage {
    const addresses = (field: ParsedMail['to']) =>
      (Array.isArray(field) ? field : field ? [field] : []).flatMap((group) => group.value.map((address) => address.address ?? ''));
    return {
      id,
      from: mail.from?.value[0]?.address ?? '',
      to: addresses(mail.to),
      replyTo: mail.replyTo?.value[0]?.address ?? '',
      subject: mail.subject ?? '',
      date: (mail.date ?? new Date(0)).toISOString(),
      text: mail.text ?? '',
      tags,
      attachments: mail.attachments.map((attachment, index) => ({
        filename: attachment.filename ?? `attachment-${index}`,
        contentType: attachment.contentType,
        size: attachment.size,
        url: `${this.basePath}/${encodeURIComponent(id)}/attachments/${index}`,
      })),
    };
  }
}
