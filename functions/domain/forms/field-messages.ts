import { CASEFORMS_KEYWORD } from './ajv-options.ts';
import { appendPointer, valueAt } from '../../contracts/json-pointer.ts';

type Json = Record<string, unknown>;

/** A pack's own message for one field and keyword, keyed as translations key it: `/contact/phone:pattern`. */
export interface FieldMessage {
  /** The field's data pointer, array items as `/-`. */
  readonly pointer: string;
  readonly keyword: string;
  readonly message: string;
  /** The field's schema, `$ref` merged in: what lint checks the keyword against. */
  readonly field: Json;
  /** Where the message is written in the schema file (JSON Pointer), for lint to point at. */
  readonly at: string;
}

/** The translation key of a field's own message for a keyword. */
export const messageKey = (pointer: string, keyword: string): string => `${pointer}:${keyword}`;

/**
 * Every field's own error messages (x-caseforms `errors`), walked as field-titles.ts walks titles: through
 * `properties`, array `items` and local `$ref`, so they have the same pointers as the fields' titles.
 */
export function fieldMessages(schema: Json): FieldMessage[] {
  const messages: FieldMessage[] = [];
  const seen = new Set<object>();
  const visit = (node: Json | undefined, pointer: string, at: string): void => {
    if (!node || typeof node !== 'object') return;
    const ref = typeof node.$ref === 'string' ? decodeURIComponent(node.$ref.slice(1)) : undefined;
    const resolved = ref === undefined ? node : { ...(valueAt(schema, ref) as Json), ...node };
    // A recursive $ref would walk for ever; a schema node is visited once per place it is reached from.
    if (seen.has(node) && ref !== undefined) return;
    seen.add(node);
    // The annotation is the referring node's own, or else the referenced definition's.
    const annotationAt = ref !== undefined && !(CASEFORMS_KEYWORD in node) ? ref : at;
    const own = (resolved[CASEFORMS_KEYWORD] as { errors?: Record<string, unknown> } | undefined)?.errors ?? {};
    for (const [keyword, message] of Object.entries(own)) {
      if (typeof message === 'string') messages.push({ pointer, keyword, message, field: resolved, at: appendPointer(appendPointer(appendPointer(annotationAt, CASEFORMS_KEYWORD), 'errors'), keyword) });
    }
    for (const [name, child] of Object.entries((resolved.properties ?? {}) as Record<string, Json>)) {
      visit(child, appendPointer(pointer, name), appendPointer(appendPointer(ref !== undefined && !(node.properties) ? ref : at, 'properties'), name));
    }
    if (resolved.items && typeof resolved.items === 'object') visit(resolved.items as Json, `${pointer}/-`, appendPointer(ref !== undefined && !node.items ? ref : at, 'items'));
  };
  visit(schema, '', '');
  return messages;
}
