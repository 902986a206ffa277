import fc, { type Arbitrary } from 'fast-check';
import { valueAt } from '../../functions/contracts/json-pointer.ts';

type Schema = Record<string, any>;

/**
 * Submissions generated from a form's JSON Schema: each field from its own constraints (type, enum/const/oneOf,
 * lengths, ranges, arrays, nested objects, optional fields present or not), with the form's example supplying
 * values for constraints this generator does not model (patterns, formats other than date and email). The caller
 * keeps the ones the real validator accepts, so conditional rules (if/then, dependentRequired) are honoured by
 * filtering, not by re-implementing them.
 */
export function submissionArbitrary(schema: Schema, example: unknown): Arbitrary<unknown> {
  const resolve = (node: Schema): Schema => (typeof node.$ref === 'string' ? { ...(valueAt(schema, node.$ref.slice(1)) as Schema), ...node } : node);

  const arbitrary = (raw: Schema, pointer: string): Arbitrary<unknown> => {
    const node = resolve(raw);
    const fallback = valueAt(example, pointer);
    if ('const' in node) return fc.constant(node.const);
    if (Array.isArray(node.enum)) return fc.constantFrom(...node.enum);
    if (Array.isArray(node.oneOf) && node.oneOf.every((option: Schema) => 'const' in option)) return fc.constantFrom(...node.oneOf.map((option: Schema) => option.const));
    switch (node.type) {
      case 'boolean':
        return fc.boolean();
      case 'integer':
        return fc.integer({ min: node.minimum ?? -1_000_000, max: node.maximum ?? 1_000_000 });
      case 'number':
        return fc.double({ min: node.minimum ?? -1e9, max: node.maximum ?? 1e9, noNaN: true, noDefaultInfinity: true });
      case 'string':
        if (node.format === 'date') return fc.date({ min: new Date('1900-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10));
        if (node.format === 'email') return fc.emailAddress().filter((address) => address.length <= (node.maxLength ?? 254));
        if (node.pattern || node.format) return fc.constant(fallback ?? '');
        // Any script, emoji, HTML and template syntax: what a client may really type.
        return fc.oneof(
          fc.string({ unit: 'grapheme', minLength: node.minLength ?? 0, maxLength: Math.min(node.maxLength ?? 200, 200) }),
          fc.constantFrom('<script>alert(1)</script>', '{{agency.name}}', "'; DROP TABLE cases; --", 'javascript:alert(1)', 'Zoë Núñez-Øberg', 'محمد', '王秀英')
            .filter((text) => text.length >= (node.minLength ?? 0) && text.length <= (node.maxLength ?? Infinity)),
        );
      case 'array': {
        // A file question's answer names uploads the service received: random ids are refused by design
        // (test/e2e/uploads-api.test.ts sends real ones), so a generated submission attaches none.
        if (node['x-caseforms']?.upload) return fc.constant([]);
        const items = arbitrary(node.items ?? {}, `${pointer}/0`);
        const constraints = { minLength: node.minItems ?? 0, maxLength: Math.min(node.maxItems ?? 4, 4) };
        return node.uniqueItems ? fc.uniqueArray(items, { ...constraints, selector: (value) => JSON.stringify(value) }) : fc.array(items, constraints);
      }
      case 'object': {
        const properties = Object.entries((node.properties ?? {}) as Record<string, Schema>);
        const required = new Set<string>(node.required ?? []);
        const record: Record<string, Arbitrary<unknown>> = {};
        for (const [name, child] of properties) record[name] = arbitrary(child, `${pointer}/${name}`);
        return fc.record(record, { requiredKeys: properties.map(([name]) => name).filter((name) => required.has(name)) });
      }
      default:
        return fc.constant(fallback ?? null);
    }
  };
  return arbitrary(schema, '');
}
