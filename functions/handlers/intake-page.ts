import { randomUUID } from 'node:crypto';
import { apiHandler } from '../web/http/api-handler.ts';
import { formPageResponse, pageTokenFor, resolveIntakePage } from '../web/public/intake-page-request.ts';
import { pageUploads, type PageUploadPort } from '../web/uploads/page-uploads.ts';
import { filesParameter } from '../web/uploads/upload-addresses.ts';
import { originVerify } from '../web/http/origin-verify.ts';
import { pageSecurityHeaders } from '../web/http/page-responses.ts';
import { builtOnce } from '../composition/built-once.ts';
import { servingCatalog } from '../composition/serving-catalog.ts';
import { pageUploadPort } from '../composition/page-upload-port.ts';
import { readConfig, type Config } from '../contracts/config.ts';
import { readIntakeTokenKey } from '../contracts/intake-credentials.ts';

/**
 * GET /intake/{agencyId}/{formId}: the public intake form as an HTML page, generated from its schema. `files=` names
 * the files attached so far and `refused=` why the last one was not (both set by the upload receive step).
 */
export function build(settings: () => Config = readConfig, uploadPort: (config: Config) => PageUploadPort | undefined = pageUploadPort) {
  const parts = builtOnce(() => {
    const config = settings();
    const catalog = servingCatalog(config);
    return { catalog, config, tokenKey: readIntakeTokenKey(), uploads: uploadPort(config) };
  });
  const agencies = () => parts().catalog;
  return apiHandler(async (event) => {
    const { catalog, config, tokenKey, uploads } = parts();
    const query = event.queryStringParameters ?? {};
    const page = resolveIntakePage(event, catalog, config.templatesDir, query.lang);
    if (!('model' in page)) return page;
    const attached = uploads && config.publicBaseUrl
      ? await pageUploads(uploads, page, { ids: filesParameter(query.files), refused: query.refused, baseUrl: config.publicBaseUrl })
      : undefined;
    // A fresh token per page: the same filling-in sent twice (a double click, a reload) creates one case.
    // And, when the agency's JSON API asks for one, a page token its own site or app may send with JSON instead.
    return formPageResponse(page, 200, {
      token: randomUUID(), pageToken: pageTokenFor(page, tokenKey, new Date()), data: attached?.data ?? {}, errors: [],
      ...(attached ? { uploads: attached.uploads } : {}),
    });
  }, { middlewares: [originVerify()], securityHeaders: pageSecurityHeaders(agencies), agencies });
}

export const handler = build();
