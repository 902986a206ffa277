import { staffPageHandler } from '../web/staff/staff-page-handler.ts';
import { previewResponse, resolvePreview } from '../web/staff/studio-preview-request.ts';
import { builtOnce } from '../composition/built-once.ts';
import { staffPageDeps } from '../composition/staff-page-deps.ts';
import { servingCatalog } from '../composition/serving-catalog.ts';
import { previewCatalogs } from '../composition/studio-preview-catalog.ts';
import { readConfig, type Config } from '../contracts/config.ts';

/**
 * GET /staff/{agencyId}/studio/preview/{formId}?lang=: the agency's draft of a public form, as its intake page will
 * be, for its admins only. Its form posts to the preview check (staff-studio-preview-check.ts), never to the intake.
 */
export function build(settings: () => Config = readConfig) {
  const parts = builtOnce(() => {
    const config = settings();
    return { config, catalog: servingCatalog(config), previews: previewCatalogs(config) };
  });
  const agencies = () => parts().catalog;
  return staffPageHandler('staff-studio-preview', async (event) => {
    const { config, previews } = parts();
    const page = resolvePreview(event, await previews(event.staff.agencyId), config.templatesDir, event.queryStringParameters?.lang);
    if (!('model' in page)) return page;
    return previewResponse(page, 200, { data: {}, errors: [] });
  }, staffPageDeps(settings, agencies));
}

export const handler = build();
