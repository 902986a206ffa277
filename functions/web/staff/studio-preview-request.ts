import { isPublicForm } from '../../domain/forms/catalog.ts';
import { isPlainId } from '../../contracts/ids.ts';
import { localizedModel } from '../public-pages/intake-form.ts';
import type { PageLanguage } from '../public-pages/intake-page-html.ts';
import { pageLanguage } from '../public-pages/page-language.ts';
import { templateLibrary } from '../public/intake-page-request.ts';
import { htmlResponse } from '../http/page-responses.ts';
import type { HttpResponse } from '../http/responses.ts';
import { previewPath, renderPreviewPage, type PreviewCatalog, type PreviewPage, type PreviewState } from '../staff-pages/studio-preview-page.ts';
import { staffPageMessage, type StaffPageEvent } from './staff-page-handler.ts';

/**
 * The draft form a `/staff/{agencyId}/studio/preview/{formId}` request names, in the language picked (`?lang=` or the
 * form's `_lang`) when the draft's agency serves it, else the staff member's own; or the staff page that says why there
 * is none: no such form in the draft (404), or a form of the draft that does not load, with the loader's reason, which
 * is what an admin needs to fix it (422). `publicOnly`: the intake page exists for public forms only, while documents
 * and emails are previewed for any form that makes them.
 */
export function resolvePreview(event: StaffPageEvent, preview: PreviewCatalog | undefined, templatesDir: string, picked: string | undefined, publicOnly = true): PreviewPage | HttpResponse {
  const words = event.language.words('staffStudioPreview');
  const chrome = { ...event.chrome, staff: event.staff };
  const { formId } = event.pathParameters ?? {};
  const agencyId = event.staff.agencyId;
  const agency = preview && isPlainId(formId) ? preview.catalog.agency(agencyId) : undefined;
  const form = preview && agency && isPlainId(formId) ? preview.catalog.form(agency.id, formId) : undefined;
  // The form's own refusal, or the whole pack's (a broken agency.json takes every form with it).
  const refused = preview && isPlainId(formId) ? preview.catalog.refusedForm(agencyId, formId) ?? preview.catalog.refused().find((refusal) => refusal.formId === undefined) : undefined;
  if (!form && refused) return staffPageMessage(422, chrome, words.t('refused.title'), words.t('refused.message', { reason: refused.reason }));
  if (!preview || !agency || !form || (publicOnly && !isPublicForm(form))) return staffPageMessage(404, chrome, words.t('notFound.title'), words.t('notFound.form'));
  const templates = templateLibrary(templatesDir);
  const chosen = pageLanguage(agency, templates, picked !== undefined && agency.locales.includes(picked) ? picked : event.language.locale, undefined);
  // The live agency's colour: the page's policy allows the brand blocks of the agencies being served, and a draft's
  // new colour is not one of them until it is published.
  const { brandColor: _draftColor, ...uncoloured } = chosen;
  const language: PageLanguage = event.brandColor ? { ...uncoloured, brandColor: event.brandColor } : uncoloured;
  return {
    agency, form, catalog: preview, language, templates,
    model: localizedModel(form, preview.catalog.translations(agency.id, language.locale)),
    path: previewPath(agency.id, form.formId),
    staffLanguage: event.language,
  };
}

export function previewResponse(page: PreviewPage, statusCode: number, state: PreviewState): HttpResponse {
  return htmlResponse(statusCode, renderPreviewPage(page, state), { 'Content-Language': page.language.locale });
}
