import type { Agency } from '../forms/agency.ts';
import type { OutgoingMessage } from './mime.ts';

export interface DocumentEmailInput {
  readonly agency: Agency;
  readonly documentTitle: string;
  readonly caseId: string;
  readonly pdf: { readonly filename: string; readonly content: Buffer };
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The message that brings a new document to the agency's inbox (routing to each stakeholder is the Delivery
 * issue). Subject and body carry the case reference only — no client name or answers — since mail subjects travel
 * and are indexed widely; the details are in the PDF.
 */
export function documentEmail({ agency, documentTitle, caseId, pdf }: DocumentEmailInput): OutgoingMessage {
  const reference = caseId.slice(0, 8);
  const text = `A new document is ready: ${documentTitle}.\n\nCase reference: ${caseId}\n\nIt is attached as a PDF.\n\n${agency.name}`;
  const html = `<p>A new document is ready: ${escapeHtml(documentTitle)}.</p><p>Case reference: <strong>${escapeHtml(caseId)}</strong></p><p>It is attached as a PDF.</p><p>${escapeHtml(agency.name)}</p>`;
  return {
    from: { name: agency.sender.name, address: agency.sender.email },
    to: [agency.intakeInbox],
    subject: `${documentTitle} · case ${reference}`,
    text,
    html,
    attachments: [{ filename: pdf.filename, contentType: 'application/pdf', content: pdf.content }],
  };
}
