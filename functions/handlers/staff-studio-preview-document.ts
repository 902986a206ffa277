import { createHash } from 'node:crypto';
import { PdfRenderer } from '../adapters/chromium/pdf-renderer.ts';
import type { HtmlToPdf } from '../domain/documents/html-to-pdf.ts';
import { pdfResponse } from '../web/http/responses.ts';
import { templateLibrary } from '../web/public/intake-page-request.ts';
import { staffPageHandler, staffPageMessage } from '../web/staff/staff-page-handler.ts';
import { resolvePreview } from '../web/staff/studio-preview-request.ts';
import { exampleAnswers, renderPreviewDocument } from '../web/staff-pages/studio-preview-document.ts';
import { staffLanguage } from '../web/staff-pages/staff-words.ts';
import { builtOnce } from '../composition/built-once.ts';
import { staffPageDeps } from '../composition/staff-page-deps.ts';
import { servingCatalog } from '../composition/serving-catalog.ts';
import { previewCatalogs } from '../composition/studio-preview-catalog.ts';
import { readConfig, type Config } from '../contracts/config.ts';
import { isPlainId } from '../contracts/ids.ts';

/**
 * GET /staff/{agencyId}/studio/preview/{formId}/documents/{documentType}?lang=: one document the draft's form makes,
 * rendered from the form's first example as the document worker renders it (Chromium, fonts and all), marked PREVIEW.
 * Nothing is stored: the PDF goes to the admin's browser only. The renderer is passed in by whoever owns the browser
 * (the local stack shares the worker's); in Lambda it lives as long as the container.
 */
export function build(settings: () => Config = readConfig, renderer: HtmlToPdf = new PdfRenderer()) {
  const parts = builtOnce(() => {
    const config = settings();
    return { config, catalog: servingCatalog(config), previews: previewCatalogs(config) };
  });
  const agencies = () => parts().catalog;
  return staffPageHandler('staff-studio-preview-document', async (event) => {
    const { config, previews } = parts();
    const words = event.language.words('staffStudioPreview');
    const chrome = { ...event.chrome, staff: event.staff };
    // Staff forms make documents too (a care plan): their preview is the document alone, not a page.
    const page = resolvePreview(event, await previews(event.staff.agencyId), config.templatesDir, event.queryStringParameters?.lang, false);
    if (!('model' in page)) return page;
    const { documentType } = event.pathParameters ?? {};
    const library = templateLibrary(config.templatesDir);
    if (!isPlainId(documentType) || !page.form.documents.includes(documentType) || !library.has(page.agency.id, documentType)) {
      return staffPageMessage(404, chrome, words.t('notFound.title'), words.t('notFound.document'));
    }
    const answers = exampleAnswers(page.form);
    if (!answers) return staffPageMessage(422, chrome, words.t('notFound.title'), words.t('document.noExample'));
    const pdf = await renderPreviewDocument(renderer, library, {
      agency: page.agency, form: page.form, documentType, locale: event.queryStringParameters?.lang, answers, now: new Date(),
      translationsOf: (locale) => page.catalog.catalog.translations(page.agency.id, locale),
      mark: (locale) => {
        const inDocument = staffLanguage(library, page.agency.id, locale).words('staffStudioPreview');
        return { line: inDocument.t('document.mark'), word: inDocument.t('document.markShort') };
      },
    });
    return pdfResponse(pdf, `preview-${page.form.formId}-${documentType}.pdf`, createHash('sha256').update(pdf).digest('hex'));
  }, staffPageDeps(settings, agencies));
}

export const handler = build();
