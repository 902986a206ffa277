import type { Form } from '../../domain/forms/catalog.ts';
import type { HttpResponse } from './responses.ts';

/** A form's schema, byte for byte as published (so the body hashes to its version), with the version as ETag. */
export function schemaResponse(form: Form, ifNoneMatch: string | undefined, cacheControl: string): HttpResponse {
  const headers = { ETag: `"${form.version}"`, 'Cache-Control': cacheControl };
  if (ifNoneMatch === headers.ETag) return { statusCode: 304, headers };
  return { statusCode: 200, headers: { ...headers, 'Content-Type': 'application/schema+json; charset=utf-8' }, body: form.source };
}
