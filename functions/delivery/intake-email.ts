import type { Agency } from '../forms/agency.ts';
import type { OutgoingMessage } from './mime.ts';

export interface IntakeEmailInput {
  readonly agency: Agency;
  readonly formTitle: string;
  readonly caseId: string;
  readonly pdf: { readonly filename: string; readonly content: Buffer };
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The message that brings a new intake to the agency's intake inbox. Subject and body carry the case reference
 * only — no client name or answers — since mail subjects travel and are indexed widely; the details are in the PDF.
 */
export function intakeEmail({ agency, formTitle, caseId, pdf }: IntakeEmailInput): OutgoingMessage {
  const reference = caseId.slice(0, 8);
  const text = `A new "${formTitle}" submission was received.\n\nCase reference: ${caseId}\n\nThe intake summary is attached as a PDF.\n\n${agency.name}`;
  const html = `<p>A new “${escapeHtml(formTitle)}” submission was received.</p><p>Case reference: <strong>${escapeHtml(caseId)}</strong></p><p>The intake summary is attached as a PDF.</p><p>${escapeHtml(agency.name)}</p>`;
  return {
    from: { name: agency.sender.name, address: agency.sender.email },
    to: [agency.intakeInbox],
    subject: `New intake ${reference}: ${formTitle}`,
    text,
    html,
    attachments: [{ filename: pdf.filename, contentType: 'application/pdf', content: pdf.content }],
  };
}
