import { randomUUID } from 'node:crypto';
import { apiHandler } from '../web/http/api-handler.ts';
import { formPageResponse, resolveIntakePage } from '../web/public/intake-page-request.ts';
import { originVerify } from '../web/http/origin-verify.ts';
import { PAGE_SECURITY_HEADERS } from '../web/http/page-responses.ts';
import { getServices } from '../services.ts';

/** GET /intake/{agencyId}/{formId}: the public intake form as an HTML page, generated from its schema. */
export const handler = apiHandler(async (event) => {
  const { catalog, config } = getServices();
  const page = resolveIntakePage(event, catalog, config.templatesDir, event.queryStringParameters?.lang);
  if (!('model' in page)) return page;
  // A fresh token per page: the same filling-in sent twice (a double click, a reload) creates one case.
  return formPageResponse(page, 200, { token: randomUUID(), data: {}, errors: [] });
}, [originVerify()], PAGE_SECURITY_HEADERS);
