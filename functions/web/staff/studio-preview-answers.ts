import { createHash } from 'node:crypto';
import { applicableAnswers } from '../../domain/forms/applicable-answers.ts';
import { errorLanguageFor } from '../../domain/forms/error-language.ts';
import type { HtmlToPdf } from '../../domain/documents/html-to-pdf.ts';
import { isPlainId } from '../../contracts/ids.ts';
import { readSignInConfig } from '../../contracts/sign-in-config.ts';
import type { FormBodyEvent } from '../http/form-body.ts';
import { htmlResponse } from '../http/page-responses.ts';
import { pdfResponse, type HttpResponse } from '../http/responses.ts';
import { sameOrigin } from '../http/same-origin.ts';
import { formDataToJson } from '../public-pages/form-data.ts';
import { applyRowAction } from '../public-pages/row-actions.ts';
import { templateLibrary } from '../public/intake-page-request.ts';
import type { PreviewCatalog } from '../staff-pages/studio-preview-page.ts';
import { exampleAnswers, renderPreviewDocument } from '../staff-pages/studio-preview-document.ts';
import { previewEmails } from '../staff-pages/studio-preview-emails.ts';
import { renderPreviewEmailsPage } from '../staff-pages/studio-preview-emails-page.ts';
import { staffLanguage } from '../staff-pages/staff-words.ts';
import { staffPageMessage, type StaffPageEvent } from './staff-page-handler.ts';
import { previewResponse, resolvePreview } from './studio-preview-request.ts';

/** What every preview answer needs: the agency's draft, and where the templates are. */
export interface PreviewContext {
  readonly preview: PreviewCatalog | undefined;
  readonly templatesDir: string;
  readonly publicBaseUrl: string | undefined;
}

/** GET …/studio/preview/{formId}: the draft's intake page. */
export function previewPage(event: StaffPageEvent, context: PreviewContext): HttpResponse {
  const page = resolvePreview(event, context.preview, context.templatesDir, event.queryStringParameters?.lang);
  return 'model' in page ? previewResponse(page, 200, { data: {}, errors: [] }) : page;
}

/**
 * POST …/studio/preview/{formId}: the preview's form checked as the intake would check it (the same conversion, the
 * same sections left out, the draft's own validator, in the page's language), shown again with the errors or with
 * "would be accepted". There is no store and no queue here to write to.
 */
export function previewCheck(event: StaffPageEvent & FormBodyEvent, context: PreviewContext): HttpResponse {
  const words = event.language.words('staffStudioPreview');
  const chrome = { ...event.chrome, staff: event.staff };
  const { isForm, tooLarge, params } = event.formBody;
  if (!isForm || tooLarge) return staffPageMessage(isForm ? 413 : 415, chrome, words.t('banner.title'), words.t('check.notSent'));
  // Another site's page cannot make a signed-in admin's browser post here (the session cookie is SameSite=Lax too).
  if (!sameOrigin(event.headers.origin, event.headers.host, readSignInConfig().pagesBaseUrl)) {
    return staffPageMessage(403, chrome, words.t('banner.title'), words.t('check.otherSite'));
  }
  const page = resolvePreview(event, context.preview, context.templatesDir, params.get('_lang') ?? undefined);
  if (!('model' in page)) return page;
  const data = formDataToJson(page.model, params);
  const action = params.get('_action');
  if (action) {
    const changed = applyRowAction(page.model, data, action);
    return previewResponse(page, changed ? 200 : 400, { data: changed ?? data, errors: [] });
  }
  const language = errorLanguageFor(page.form, page.catalog.catalog.translations(page.agency.id, page.language.locale), page.language.locale);
  const validation = page.form.validate(applicableAnswers(page.form, data), language);
  if (validation.valid) return previewResponse(page, 200, { data, errors: [], accepted: true });
  return previewResponse(page, 422, { data, errors: validation.errors.map(({ pointer, message }) => ({ pointer, message })), accepted: false });
}

/**
 * GET …/documents/{documentType}: a document the draft's form makes, from its first example, rendered as the worker
 * renders documents and marked PREVIEW. Staff forms' documents too (a care plan): their preview is the document alone.
 */
export async function previewDocument(event: StaffPageEvent, context: PreviewContext, renderer: HtmlToPdf): Promise<HttpResponse> {
  const words = event.language.words('staffStudioPreview');
  const chrome = { ...event.chrome, staff: event.staff };
  const page = resolvePreview(event, context.preview, context.templatesDir, event.queryStringParameters?.lang, false);
  if (!('model' in page)) return page;
  const { documentType } = event.pathParameters ?? {};
  const library = templateLibrary(context.templatesDir);
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
}

/** GET …/emails: every email the form's documents would send, per route of the draft's agency.json. Composed only. */
export function previewEmailsPage(event: StaffPageEvent, context: PreviewContext): HttpResponse {
  const page = resolvePreview(event, context.preview, context.templatesDir, event.queryStringParameters?.lang, false);
  if (!('model' in page)) return page;
  const documents = previewEmails(templateLibrary(context.templatesDir), {
    agency: page.agency, form: page.form, clientLanguage: page.language.locale, now: new Date(),
    translationsOf: (locale) => page.catalog.catalog.translations(page.agency.id, locale),
    publicBaseUrl: context.publicBaseUrl ?? '',
  });
  return htmlResponse(200, renderPreviewEmailsPage({
    chrome: { ...event.chrome, staff: event.staff }, formTitle: page.model.title, documents, backHref: `${page.path}?lang=${page.language.locale}`,
  }));
}
