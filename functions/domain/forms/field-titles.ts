import { appendPointer, valueAt } from '../../contracts/json-pointer.ts';

type Json = Record<string, unknown>;

/**
 * Every titled field of a form, by the JSON Pointer of its value in a submission, array items as `/-`: the keys
 * translations use (locales/<locale>.json → forms.<formId>.fields).
 */
export function titledFields(schema: Json): Array<[string, string]> {
  const fields: Array<[string, string]> = [];
  const visit = (node: Json | undefined, pointer: string): void => {
    if (!node) return;
    const resolved = typeof node.$ref === 'string' ? { ...(valueAt(schema, decodeURIComponent(node.$ref.slice(1))) as Json), ...node } : node;
    if (pointer !== '' && typeof resolved.title === 'string') fields.push([pointer, resolved.title]);
    for (const [name, child] of Object.entries((resolved.properties ?? {}) as Record<string, Json>)) visit(child, appendPointer(pointer, name));
    if (resolved.items && typeof resolved.items === 'object') visit(resolved.items as Json, `${pointer}/-`);
  };
  visit(schema, '');
  return fields;
}
