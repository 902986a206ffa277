import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { TemplateLibrary } from '../../domain/documents/templates.ts';
import type { Agency } from '../../domain/forms/agency.ts';
import { isPublicForm, mayBePublic, type Form, type FormCatalog } from '../../domain/forms/catalog.ts';
import type { FormModel } from '../public-pages/form-model.ts';
import { autocompleteTokens, localizedModel } from '../public-pages/intake-form.ts';
import { renderFormPage, renderMessagePage, type PageLanguage } from '../public-pages/intake-page-html.ts';
import { languageChoices, pageLanguage } from '../public-pages/page-language.ts';
import { isPlainId } from '../../contracts/ids.ts';
import { isUsableTokenKey, signPageToken } from '../../domain/intake-access/page-token.ts';
import { htmlResponse } from '../http/page-responses.ts';
import type { HttpResponse } from '../http/responses.ts';
import type { PageUploads } from '../public-pages/upload-questions.ts';

/** A public form's page, resolved for one request: the form, and everything its page is written in. */
export interface IntakePage {
  readonly agency: Agency;
  readonly form: Form;
  readonly language: PageLanguage;
  readonly model: FormModel;
  /** The page's own path: where it posts, and what the language links point at. */
  readonly path: string;
}

let templates: { readonly dir: string; readonly library: TemplateLibrary } | undefined;

/** The pages' words and the agencies' translations, read once per container. */
export function templateLibrary(dir: string): TemplateLibrary {
  if (templates?.dir !== dir) templates = { dir, library: new TemplateLibrary(dir) };
  return templates.library;
}

/**
 * The public form a `/intake/{agencyId}/{formId}` request names, in the language the client picked or prefers; or,
 * for anything that is not a public form, the same 404 page (in the agency's language when the agency exists), so
 * the page reveals no more than the API does about what exists. A public form of the agency that did not load gets a
 * 503 page instead: the client should come back later, not think they mistyped the address.
 */
export function resolveIntakePage(event: APIGatewayProxyEventV2, catalog: FormCatalog, templatesDir: string, picked: string | undefined): IntakePage | HttpResponse {
  const library = templateLibrary(templatesDir);
  const { agencyId, formId } = event.pathParameters ?? {};
  const agency = isPlainId(agencyId) ? catalog.agency(agencyId) : undefined;
  const form = agency && isPlainId(formId) ? catalog.form(agency.id, formId) : undefined;
  const refused = agency && !form && isPlainId(formId) ? catalog.refusedForm(agency.id, formId) : undefined;
  if (agency && refused && mayBePublic(refused)) {
    const language = pageLanguage(agency, library, picked, event.headers['accept-language']);
    const title = language.strings.formUnavailableTitle ?? 'This form is unavailable right now';
    const message = language.strings.formUnavailable ?? 'Nothing is wrong with your answers: the form itself cannot be used at the moment. Please try again later or contact the agency.';
    return htmlResponse(503, renderMessagePage(agency.name, language, title, message), { 'Content-Language': language.locale });
  }
  if (!agency || !form || !isPublicForm(form)) {
    const fallback: Agency | undefined = agency ?? catalog.agencies()[0]?.agency;
    const language = fallback
      ? pageLanguage(fallback, library, picked, event.headers['accept-language'])
      : { locale: 'en', dir: 'ltr' as const, strings: (library.strings('', 'page', 'en') ?? {}) as Record<string, string> };
    return htmlResponse(404, renderMessagePage(agency?.name ?? 'caseforms', language, language.strings.notFoundTitle ?? 'Not found', language.strings.notFound ?? ''), { 'Content-Language': language.locale });
  }
  const language = pageLanguage(agency, library, picked, event.headers['accept-language']);
  return {
    agency, form, language,
    model: localizedModel(form, catalog.translations(agency.id, language.locale)),
    path: `/intake/${agency.id}/${form.formId}`,
  };
}

export interface FormPageState {
  readonly token: string;
  /** The page token for the agency's own site or app, when its JSON API asks for one (see pageTokenFor). */
  readonly pageToken?: string;
  readonly data: Record<string, unknown>;
  readonly errors: ReadonlyArray<{ readonly pointer: string; readonly message: string }>;
  /** For a form with file questions: the files attached and the forms to attach more (page-uploads.ts). */
  readonly uploads?: PageUploads;
}

/**
 * A page token for the page's form when its agency's JSON API asks for one (agency.json `intake.jsonApi: "token"`)
 * and the key to sign it is configured; otherwise none, and the page carries none.
 */
export function pageTokenFor(page: IntakePage, key: string | undefined, now: Date): string | undefined {
  if (page.agency.intake?.jsonApi !== 'token' || !isUsableTokenKey(key)) return undefined;
  return signPageToken(key, page.form, now);
}

export function formPageResponse(page: IntakePage, statusCode: number, state: FormPageState, headers: Record<string, string> = {}): HttpResponse {
  const body = renderFormPage({
    agencyName: page.agency.name,
    model: page.model,
    language: page.language,
    languages: languageChoices(page.agency, page.path),
    action: page.path,
    checkUrl: `${page.path}/check`,
    ...state,
    autocomplete: autocompleteTokens(page.form, page.model),
  });
  return htmlResponse(statusCode, body, { 'Content-Language': page.language.locale, ...headers });
}
