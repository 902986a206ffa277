import { randomUUID } from 'node:crypto';
import { apiHandler } from '../web/http/api-handler.ts';
import { formPageResponse, pageTokenFor, resolveIntakePage } from '../web/public/intake-page-request.ts';
import { originVerify } from '../web/http/origin-verify.ts';
import { pageSecurityHeaders } from '../web/http/page-responses.ts';
import { builtOnce } from '../composition/built-once.ts';
import { servingCatalog } from '../composition/serving-catalog.ts';
import { readConfig, type Config } from '../contracts/config.ts';
import { readIntakeTokenKey } from '../contracts/intake-credentials.ts';

/** GET /intake/{agencyId}/{formId}: the public intake form as an HTML page, generated from its schema. */
export function build(settings: () => Config = readConfig) {
  const parts = builtOnce(() => {
    const config = settings();
    const catalog = servingCatalog(config);
    return { catalog, config, tokenKey: readIntakeTokenKey() };
  });
  const agencies = () => parts().catalog;
  return apiHandler(async (event) => {
    const { catalog, config, tokenKey } = parts();
    const page = resolveIntakePage(event, catalog, config.templatesDir, event.queryStringParameters?.lang);
    if (!('model' in page)) return page;
    // A fresh token per page: the same filling-in sent twice (a double click, a reload) creates one case.
    // And, when the agency's JSON API asks for one, a page token its own site or app may send with JSON instead.
    return formPageResponse(page, 200, { token: randomUUID(), pageToken: pageTokenFor(page, tokenKey, new Date()), data: {}, errors: [] });
  }, { middlewares: [originVerify()], securityHeaders: pageSecurityHeaders(agencies), agencies });
}

export const handler = build();
