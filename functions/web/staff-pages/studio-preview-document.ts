import type { Agency } from '../../domain/forms/agency.ts';
import type { Form } from '../../domain/forms/catalog.ts';
import { applicableAnswers } from '../../domain/forms/applicable-answers.ts';
import { valueAt } from '../../contracts/json-pointer.ts';
import { packLabels } from '../../domain/forms/pack-labels.ts';
import type { Translations } from '../../domain/forms/translations.ts';
import { documentLocale, localizedTitle, renderDocumentHtml } from '../../domain/documents/document-view.ts';
import type { HtmlToPdf } from '../../domain/documents/html-to-pdf.ts';
import type { TemplateLibrary } from '../../domain/documents/templates.ts';
import { escapeHtml } from '../public-pages/html.ts';

/** The case a preview is "about": no case has this id (the service makes random UUIDs), and its reference reads 00000000. */
export const PREVIEW_CASE_ID = '00000000-0000-4000-8000-000000000000';

/** The form's first `examples` entry: what its preview documents are made from (none: no preview document). */
export function exampleAnswers(form: Form): Record<string, unknown> | undefined {
  const examples = (form.schema as { examples?: unknown }).examples;
  const first: unknown = Array.isArray(examples) ? examples[0] : undefined;
  return typeof first === 'object' && first !== null && !Array.isArray(first) ? (first as Record<string, unknown>) : undefined;
}

export interface PreviewDocumentInput {
  readonly agency: Agency;
  readonly form: Form;
  readonly documentType: string;
  /** The language asked for; the document's own rule (documentLocale) decides when the template has no words in it. */
  readonly locale: string | undefined;
  readonly translationsOf: (locale: string) => Translations | undefined;
  readonly answers: Record<string, unknown>;
  /**
   * In the document's language: the line on top of the first page ("PREVIEW: made from …"), and the word first in
   * every page's footer and in the PDF's title.
   */
  readonly mark: (locale: string) => { readonly line: string; readonly word: string };
  readonly now: Date;
}

/**
 * A document as the worker renders it (the same template, view and renderer), from example answers, marked as a
 * preview on the first page and in every page's footer and title, so that no copy of it can pass for a real document.
 */
export async function renderPreviewDocument(renderer: HtmlToPdf, templates: TemplateLibrary, input: PreviewDocumentInput): Promise<Buffer> {
  const { agency, form, documentType } = input;
  const locale = input.locale && agency.locales.includes(input.locale) && templates.strings(agency.id, documentType, input.locale)
    ? input.locale
    : documentLocale(templates, agency, documentType, undefined);
  const labels = packLabels(input.translationsOf, locale);
  const data = applicableAnswers(form, input.answers);
  const name = form.identity?.name === undefined ? undefined : valueAt(data, form.identity.name);
  const html = renderDocumentHtml(templates, {
    documentType, locale, labels, agency, form, data,
    caseId: PREVIEW_CASE_ID, submissionId: PREVIEW_CASE_ID, receivedAt: input.now.toISOString(),
    assessment: form.score(data),
    caseContext: { clientName: typeof name === 'string' ? name : undefined, clientLanguage: locale, caseManagerEmail: undefined, assessment: undefined, scores: [], trends: [] },
    ...(form.noticePeriod ? { noticeDate: input.now.toISOString().slice(0, 10) } : {}),
  });
  const title = localizedTitle(templates, { agency, form, documentType, locale, labels });
  const mark = input.mark(locale);
  return renderer.render(marked(html, mark.line), {
    footer: [mark.word, agency.name, title], paperSize: agency.branding?.paperSize ?? 'A4',
    metadata: { title: `${mark.word} ${title}`, author: agency.name, language: locale, subject: mark.line },
  });
}

/** The mark as the first thing in the document's body: inline styles, since the templates' style sheets know nothing of it. */
function marked(html: string, mark: string): string {
  const line = `<p style="margin:0 0 6mm;padding:3mm;border:3px solid #b00020;color:#b00020;font-weight:700;text-align:center">${escapeHtml(mark)}</p>`;
  const body = /<body[^>]*>/i.exec(html);
  return body ? `${html.slice(0, body.index + body[0].length)}${line}${html.slice(body.index + body[0].length)}` : `${line}${html}`;
}
