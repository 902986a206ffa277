import { simpleParser, type ParsedMail } from 'mailparser';

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
  readonly subject: string;
  readonly date: string;
  readonly attachments: readonly MailboxAttachment[];
}

interface RawMessage {
  readonly id: string;
  readonly raw_data: string;
}

/**
 * The local SES outbox, read from the emulator's own store (moto's /moto-api/data.json) and parsed with a real MIME
 * parser. Parsed messages are cached by id: the store only grows.
 */
export class LocalMailbox {
  private readonly parsed = new Map<string, ParsedMail>();

  constructor(private readonly emulatorEndpoint: string, private readonly basePath = '/_local/mailbox') {}

  async messages(): Promise<MailboxMessage[]> {
    const response = await fetch(`${this.emulatorEndpoint}/moto-api/data.json`);
    if (!response.ok) throw new Error(`emulator store answered ${response.status}`);
    const data = (await response.json()) as { ses?: { RawMessage?: RawMessage[] } };
    const messages: MailboxMessage[] = [];
    for (const raw of data.ses?.RawMessage ?? []) {
      let mail = this.parsed.get(raw.id);
      if (!mail) {
        mail = await simpleParser(raw.raw_data);
        this.parsed.set(raw.id, mail);
      }
      messages.push(this.summary(raw.id, mail));
    }
    return messages;
  }

  async attachment(id: string, index: number): Promise<{ contentType: string; filename: string; content: Buffer } | undefined> {
    if (!this.parsed.has(id)) await this.messages();
    const attachment = this.parsed.get(id)?.attachments[index];
    return attachment && { contentType: attachment.contentType, filename: attachment.filename ?? `attachment-${index}`, content: attachment.content };
  }

  private summary(id: string, mail: ParsedMail): MailboxMessage {
    const addresses = (field: ParsedMail['to']) =>
      (Array.isArray(field) ? field : field ? [field] : []).flatMap((group) => group.value.map((address) => address.address ?? ''));
    return {
      id,
      from: mail.from?.value[0]?.address ?? '',
      to: addresses(mail.to),
      subject: mail.subject ?? '',
      date: (mail.date ?? new Date(0)).toISOString(),
      attachments: mail.attachments.map((attachment, index) => ({
        filename: attachment.filename ?? `attachment-${index}`,
        contentType: attachment.contentType,
        size: attachment.size,
        url: `${this.basePath}/${encodeURIComponent(id)}/attachments/${index}`,
      })),
    };
  }
}
