import { createHash } from 'node:crypto';

/**
 * Keys of precompiled validators (functions/domain/forms/generated/), shared by the build-time generator and the runtime
 * lookup. Neither needs the generated module, so the generator can use them before it exists.
 */

/** A schema file's version: the first 16 hex digits of the sha256 of its text (what catalog.ts formVersion gives). */
export function schemaVersion(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/**
 * The key of a schema that lives inside another file, such as a scoring flag's `when` condition: the hash of its
 * JSON serialisation, which is the same at build time and at runtime for the same file text.
 */
export function subschemaVersion(schema: object): string {
  return schemaVersion(JSON.stringify(schema));
}
