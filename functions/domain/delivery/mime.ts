import MailComposer from 'nodemailer/lib/mail-composer/index.js';

export interface OutgoingMessage {
  readonly from: { readonly name: string; readonly address: string };
  readonly to: readonly string[];
  readonly replyTo?: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly attachments: ReadonlyArray<{ readonly filename: string; readonly contentType: string; readonly content: Buffer }>;
}

/** A multipart MIME message (text and HTML alternatives plus attachments), ready for SES as raw content. */
export function composeMime(message: OutgoingMessage): Promise<Buffer> {
  return new MailComposer({
    from: message.from,
    to: [...message.to],
    replyTo: message.replyTo,
    subject: message.subject,
    text: message.text,
    html: message.html,
    attachments: message.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content })),
  }).compile().build();
}
