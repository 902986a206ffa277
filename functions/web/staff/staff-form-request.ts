import type { Agency } from '../../domain/forms/agency.ts';
import { staffFormFor, type Form, type FormCatalog } from '../../domain/forms/catalog.ts';
import type { FormModel } from '../public-pages/form-model.ts';
import { autocompleteTokens, localizedModel } from '../public-pages/intake-form.ts';
import { renderFormPage, type PageLanguage } from '../public-pages/intake-page-html.ts';
import { languageChoices, pageLanguage } from '../public-pages/page-language.ts';
import { staffHeader } from '../staff-pages/staff-layout.ts';
import { STAFF_STYLE } from '../staff-pages/staff-style.ts';
import { isPlainCaseId } from '../../contracts/ids.ts';
import { templateLibrary, type FormPageState } from '../public/intake-page-request.ts';
import { htmlResponse } from '../http/page-responses.ts';
import type { HttpResponse } from '../http/responses.ts';
import type { StaffPageEvent } from './staff-page-handler.ts';
import type { StaffChrome } from '../staff-pages/staff-layout.ts';
import { staffLanguage, type StaffLanguage } from '../staff-pages/staff-words.ts';
import { pageUploads, type PageUploadPort, type PageUploadRequest } from '../uploads/page-uploads.ts';
import type { PageUploads } from '../public-pages/upload-questions.ts';
import { readSignInConfig } from '../../contracts/sign-in-config.ts';

/** A staff form's page for one case, resolved for one request. */
export interface StaffFormPage {
  readonly agency: Agency;
  readonly form: Form;
  readonly caseId: string;
  readonly language: PageLanguage;
  readonly model: FormModel;
  readonly path: string;
  /** The staff pages' frame (bar, language links) in the form's language, for the form and its refusals. */
  readonly chrome: StaffChrome & { readonly language: StaffLanguage };
}

/**
 * The staff form a `/staff/{agencyId}/cases/{caseId}/forms/{formId}` request names, in the language picked (`?lang=`
 * or the form's `_lang`) when the agency serves it, else in the staff member's own (staff-locale.ts), as their other
 * pages are; undefined for anything that is not a staff form of the agency, and 'unavailable' for a staff form of the
 * agency that did not load (its pack has a mistake in it).
 */
export function resolveStaffForm(event: StaffPageEvent, catalog: FormCatalog, templatesDir: string, picked: string | undefined): StaffFormPage | 'unavailable' | undefined {
  const { caseId, formId } = event.pathParameters ?? {};
  const agency = catalog.agency(event.staff.agencyId);
  const form = agency ? staffFormFor(catalog, agency.id, caseId, formId) : undefined;
  if (form === 'unavailable') return 'unavailable';
  if (!agency || !form || !isPlainCaseId(caseId)) return undefined;
  const library = templateLibrary(templatesDir);
  const language = pageLanguage(agency, library, picked !== undefined && agency.locales.includes(picked) ? picked : event.language.locale, undefined);
  // A post's `_lang` may name another language than the kept one (no cookie): the bar follows the form it frames.
  const staffWords = language.locale === event.language.locale ? event.language : staffLanguage(library, agency.id, language.locale);
  return {
    agency, form, caseId, language,
    model: localizedModel(form, catalog.translations(agency.id, language.locale)),
    path: `/staff/${agency.id}/cases/${caseId}/forms/${form.formId}`,
    chrome: { ...event.chrome, language: staffWords, current: 'cases' },
  };
}

/**
 * The staff form's file questions as its page shows them (web/uploads/page-uploads.ts): the files attached, and a
 * presigned POST per question whose redirect comes back to the staff pages' own address (absolute, as storage requires).
 * None without an uploads bucket, or for a form with no file question.
 */
export async function staffFormUploads(port: PageUploadPort | undefined, page: StaffFormPage, request: Omit<PageUploadRequest, 'baseUrl'>): Promise<{ readonly uploads: PageUploads; readonly data: Record<string, unknown> } | undefined> {
  return port ? pageUploads(port, page, { ...request, baseUrl: readSignInConfig().pagesBaseUrl }) : undefined;
}

/** The staff form, generated from its schema as the public form is, in the staff pages' chrome, for the case version it was opened at. */
export function staffFormResponse(page: StaffFormPage, statusCode: number, state: FormPageState & { readonly caseVersion: number }): HttpResponse {
  const body = renderFormPage({
    agencyName: page.agency.name,
    model: page.model,
    // Staff save a record of their work; the client's "send my request" is not their button.
    language: { ...page.language, strings: {
      ...page.language.strings,
      submit: page.language.strings.staffSubmit ?? 'Save',
      // The Documents section speaks to the staff member saving a record, not to a client sending a request.
      documentsIntro: page.language.strings.staffDocumentsIntro ?? page.language.strings.documentsIntro ?? '',
    } },
    languages: languageChoices(page.agency, page.path),
    action: page.path,
    token: state.token,
    data: state.data,
    errors: state.errors,
    autocomplete: autocompleteTokens(page.form, page.model),
    chrome: { header: staffHeader(page.chrome), style: STAFF_STYLE },
    hidden: { _version: String(state.caseVersion) },
    ...(state.uploads ? { uploads: state.uploads } : {}),
  });
  return htmlResponse(statusCode, body, { 'Content-Language': page.language.locale });
}
