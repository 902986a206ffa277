/** Agency, form and case ids are plain lower-case slugs: anything else (`..`, `%2f`, unicode) is not an id. */
const ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;

export function isPlainId(value: unknown): value is string {
  return typeof value === 'string' && ID_PATTERN.test(value);
}

/** Case and submission ids are UUIDs the service made. */
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isPlainCaseId(value: unknown): value is string {
  return typeof value === 'string' && UUID_PATTERN.test(value);
}

/** A document id: the submission's UUID, then the document type. */
const DOCUMENT_ID_PATTERN = /^[0-9a-f-]{36}-[a-z0-9-]{1,63}$/;

export function isDocumentId(value: unknown): value is string {
  return typeof value === 'string' && DOCUMENT_ID_PATTERN.test(value);
}
