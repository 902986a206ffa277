import { applicableAnswers } from '../domain/forms/applicable-answers.ts';
import { errorLanguageFor } from '../domain/forms/error-language.ts';
import { formBody, type FormBodyEvent } from '../web/http/form-body.ts';
import { sameOrigin } from '../web/http/same-origin.ts';
import { formDataToJson } from '../web/public-pages/form-data.ts';
import { applyRowAction } from '../web/public-pages/row-actions.ts';
import { staffPageHandler, staffPageMessage } from '../web/staff/staff-page-handler.ts';
import { previewResponse, resolvePreview } from '../web/staff/studio-preview-request.ts';
import { builtOnce } from '../composition/built-once.ts';
import { staffPageDeps } from '../composition/staff-page-deps.ts';
import { servingCatalog } from '../composition/serving-catalog.ts';
import { previewCatalogs } from '../composition/studio-preview-catalog.ts';
import { readConfig, type Config } from '../contracts/config.ts';
import { readSignInConfig } from '../contracts/sign-in-config.ts';

/**
 * POST /staff/{agencyId}/studio/preview/{formId}: the preview page's form, checked as the intake would check it (the
 * same conversion, the same sections left out, the draft's own validator, in the page's language), and shown again
 * with the errors or with "would be accepted". It has no store and no queue to write to: nothing is kept.
 */
export function build(settings: () => Config = readConfig) {
  const parts = builtOnce(() => {
    const config = settings();
    return { config, catalog: servingCatalog(config), previews: previewCatalogs(config) };
  });
  const agencies = () => parts().catalog;
  return staffPageHandler<FormBodyEvent>('staff-studio-preview-check', async (event) => {
    const { config, previews } = parts();
    const words = event.language.words('staffStudioPreview');
    const chrome = { ...event.chrome, staff: event.staff };
    const { isForm, tooLarge, params } = event.formBody;
    if (!isForm || tooLarge) return staffPageMessage(isForm ? 413 : 415, chrome, words.t('banner.title'), words.t('check.notSent'));
    // Another site's page cannot make a signed-in admin's browser post here (the session cookie is SameSite=Lax too).
    if (!sameOrigin(event.headers.origin, event.headers.host, readSignInConfig().pagesBaseUrl)) {
      return staffPageMessage(403, chrome, words.t('banner.title'), words.t('check.otherSite'));
    }
    const page = resolvePreview(event, await previews(event.staff.agencyId), config.templatesDir, params.get('_lang') ?? undefined);
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
  }, staffPageDeps(settings, agencies), [formBody()]);
}

export const handler = build();
