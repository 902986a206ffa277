import { apiHandler } from '../http/api-handler.ts';
import { publicForm, type PublicFormEvent } from '../http/public-form.ts';
import { jsonResponse } from '../http/responses.ts';
import { getServices } from '../services.ts';

/** GET /agencies/{agencyId}/forms/{formId}: the form's JSON Schema, cacheable by its version. */
export const handler = apiHandler<PublicFormEvent>(async ({ form, headers }) => {
  const etag = `"${form.version}"`;
  const cacheHeaders = { ETag: etag, 'Cache-Control': 'public, max-age=60' };
  if (headers['if-none-match'] === etag) return { statusCode: 304, headers: cacheHeaders };
  return jsonResponse(200, form.schema, { ...cacheHeaders, 'Content-Type': 'application/schema+json; charset=utf-8' });
}, [publicForm(() => getServices().catalog)]);
