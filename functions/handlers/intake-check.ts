import { errorLanguageFor } from '../domain/forms/error-language.ts';
import { apiHandler } from '../web/http/api-handler.ts';
import { applicableAnswers } from '../domain/forms/applicable-answers.ts';
import { resolveIntakePage } from '../web/public/intake-page-request.ts';
import { formBody, type FormBodyEvent } from '../web/http/form-body.ts';
import { MAX_BODY_BYTES } from '../web/http/json-body.ts';
import { originVerify } from '../web/http/origin-verify.ts';
import { formUnavailable, Problem } from '../web/http/problem.ts';
import { jsonResponse } from '../web/http/responses.ts';
import { fromOwnPage } from '../web/http/same-origin.ts';
import { formDataToJson } from '../web/public-pages/form-data.ts';
import { builtOnce } from '../composition/built-once.ts';
import { servingCatalog } from '../composition/serving-catalog.ts';
import { readConfig, type Config } from '../contracts/config.ts';
import { phrase } from '../web/http/problem-phrases/index.ts';

/**
 * POST /intake/{agencyId}/{formId}/check: the intake page's inline validation. The page's script posts the form as it
 * stands (`application/x-www-form-urlencoded`, exactly what sending it would post); the fields are converted as the
 * page's post converts them and validated by the form's own compiled validator, in the page's language. Nothing is
 * stored, nothing is counted as a submission: the answer is `{ errors: [{ pointer, message }] }`, every error of the
 * form as it stands, and the page shows those of the fields the client has already been through.
 */
export function build(settings: () => Config = readConfig) {
  const parts = builtOnce(() => {
    const config = settings();
    const catalog = servingCatalog(config);
    return { catalog, config };
  });
  const agencies = () => parts().catalog;
  return apiHandler<FormBodyEvent>(async (event) => {
    const { catalog, config } = parts();
    const { isForm, tooLarge, params } = event.formBody;
    // As the page's post does: an unknown form is a 404 whatever else is wrong with the request.
    const page = resolveIntakePage(event, catalog, config.templatesDir, params.get('_lang') ?? undefined);
    if (!('model' in page)) throw page.statusCode === 503 ? formUnavailable() : new Problem('notFound', phrase('noSuchPublicForm'));
    if (!isForm) throw new Problem('unsupportedMediaType', phrase('sendFormFields'));
    if (tooLarge) throw new Problem('payloadTooLarge', phrase('tooLarge', MAX_BODY_BYTES));
    // The page's post's check (its Origin), or the browser's word that the fetch came from this site: only the page may ask.
    if (!fromOwnPage(event.headers, config.publicBaseUrl)) throw new Problem('forbidden', phrase('ownPageOnly'));

    // As sending would: answers to a section that does not apply are ignored, so they raise no error either.
    const data = applicableAnswers(page.form, formDataToJson(page.model, params));
    const language = errorLanguageFor(page.form, catalog.translations(page.agency.id, page.language.locale), page.language.locale);
    const validation = page.form.validate(data, language);
    return jsonResponse(200, { errors: validation.valid ? [] : validation.errors.map(({ pointer, message }) => ({ pointer, message })) }, { 'Content-Language': page.language.locale });
  }, { middlewares: [originVerify(), formBody()], agencies });
}

export const handler = build();
