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
