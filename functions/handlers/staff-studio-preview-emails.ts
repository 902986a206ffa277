import { htmlResponse } from '../web/http/page-responses.ts';
import { templateLibrary } from '../web/public/intake-page-request.ts';
import { staffPageHandler } from '../web/staff/staff-page-handler.ts';
import { resolvePreview } from '../web/staff/studio-preview-request.ts';
import { previewEmails } from '../web/staff-pages/studio-preview-emails.ts';
import { renderPreviewEmailsPage } from '../web/staff-pages/studio-preview-emails-page.ts';
import { builtOnce } from '../composition/built-once.ts';
import { staffPageDeps } from '../composition/staff-page-deps.ts';
import { servingCatalog } from '../composition/serving-catalog.ts';
import { previewCatalogs } from '../composition/studio-preview-catalog.ts';
import { readConfig, type Config } from '../contracts/config.ts';

/**
 * GET /staff/{agencyId}/studio/preview/{formId}/emails?lang=: every email the draft form's documents would send, per
 * route of the draft's agency.json, as each recipient would read it. Composed only: this function has no mail to send with.
 */
export function build(settings: () => Config = readConfig) {
  const parts = builtOnce(() => {
    const config = settings();
    return { config, catalog: servingCatalog(config), previews: previewCatalogs(config) };
  });
  const agencies = () => parts().catalog;
  return staffPageHandler('staff-studio-preview-emails', async (event) => {
    const { config, previews } = parts();
    const page = resolvePreview(event, await previews(event.staff.agencyId), config.templatesDir, event.queryStringParameters?.lang, false);
    if (!('model' in page)) return page;
    const documents = previewEmails(templateLibrary(config.templatesDir), {
      agency: page.agency, form: page.form, clientLanguage: page.language.locale, now: new Date(),
      translationsOf: (locale) => page.catalog.catalog.translations(page.agency.id, locale),
      publicBaseUrl: config.publicBaseUrl ?? '',
    });
    return htmlResponse(200, renderPreviewEmailsPage({
      chrome: { ...event.chrome, staff: event.staff }, formTitle: page.model.title, documents, backHref: `${page.path}?lang=${page.language.locale}`,
    }));
  }, staffPageDeps(settings, agencies));
}

export const handler = build();
