import { PdfRenderer } from '../adapters/chromium/pdf-renderer.ts';
import type { HtmlToPdf } from '../domain/documents/html-to-pdf.ts';
import { formBody, type FormBodyEvent } from '../web/http/form-body.ts';
import { staffPageHandler } from '../web/staff/staff-page-handler.ts';
import { previewCheck, previewDocument, previewEmailsPage, previewPage } from '../web/staff/studio-preview-answers.ts';
import { builtOnce } from '../composition/built-once.ts';
import { staffPageDeps } from '../composition/staff-page-deps.ts';
import { servingCatalog } from '../composition/serving-catalog.ts';
import { previewCatalogs } from '../composition/studio-preview-catalog.ts';
import { readConfig, type Config } from '../contracts/config.ts';

/**
 * The studio's preview of an agency's draft, for its admins (docs/form-studio.md, Preview): the intake page
 * (GET …/studio/preview/{formId}), its check (POST, the same path), each document as a PDF (…/documents/{type}) and the
 * emails (…/emails). One function for the four routes, so the stack grows by one function, not four; it is bundled
 * with Chromium, as the document worker is. The renderer is passed in by whoever owns the browser (the local stack
 * shares the worker's); in Lambda it lives as long as the container. Nothing here stores, queues or sends.
 */
export function build(settings: () => Config = readConfig, renderer: HtmlToPdf = new PdfRenderer()) {
  const parts = builtOnce(() => {
    const config = settings();
    return { config, catalog: servingCatalog(config), previews: previewCatalogs(config) };
  });
  const agencies = () => parts().catalog;
  return staffPageHandler<FormBodyEvent>('staff-studio-preview', async (event) => {
    const { config, previews } = parts();
    const context = { preview: await previews(event.staff.agencyId), templatesDir: config.templatesDir, publicBaseUrl: config.publicBaseUrl };
    if (event.requestContext.http.method === 'POST') return previewCheck(event, context);
    if (event.pathParameters?.documentType !== undefined) return previewDocument(event, context, renderer);
    if (event.rawPath.endsWith('/emails')) return previewEmailsPage(event, context);
    return previewPage(event, context);
  }, staffPageDeps(settings, agencies), [formBody()]);
}

export const handler = build();
