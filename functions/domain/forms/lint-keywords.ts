import { closestWord } from './closest-word.ts';
import { appendPointer, pointerTokens } from '../../contracts/json-pointer.ts';

/** An unknown keyword at its own pointer, in plain words. */
export interface KeywordProblem {
  readonly pointer: string;
  readonly keyword: string;
  readonly message: string;
}

// Where JSON Schema 2020-12 keeps subschemas: everything else under a schema is data (examples, enum, const, …).
const SCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas', 'dependencies'];
const SCHEMA_VALUES = ['items', 'additionalItems', 'additionalProperties', 'unevaluatedProperties', 'unevaluatedItems', 'not', 'if', 'then', 'else', 'contains', 'propertyNames', 'contentSchema'];
const SCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems', 'items'];

/**
 * Every keyword in a form's schemas that the validator does not know (`known`: the compiler's own list, so lint and
 * the running service agree), each at its pointer, with the keyword meant when one is close. The compiler, in strict
 * mode, stops at the first; an author should see all of them at once.
 */
export function unknownKeywords(schema: unknown, known: readonly string[]): KeywordProblem[] {
  const problems: KeywordProblem[] = [];
  const visit = (node: unknown, pointer: string): void => {
    if (typeof node !== 'object' || node === null || Array.isArray(node)) return;
    for (const [key, value] of Object.entries(node)) {
      const at = appendPointer(pointer, key);
      if (!known.includes(key)) {
        const meant = closestWord(key, known);
        problems.push({ pointer: at, keyword: key, message: `unknown keyword \`${key}\`${meant ? `: did you mean \`${meant}\`?` : ': JSON Schema 2020-12 and caseforms do not know it (notes for authors go in "$comment")'}` });
        continue;
      }
      if (SCHEMA_MAPS.includes(key) && typeof value === 'object' && value !== null && !Array.isArray(value)) {
        for (const [name, child] of Object.entries(value)) visit(child, appendPointer(at, name));
      }
      if (SCHEMA_VALUES.includes(key)) visit(value, at);
      if (SCHEMA_LISTS.includes(key) && Array.isArray(value)) value.forEach((child, index) => visit(child, appendPointer(at, index)));
    }
  };
  visit(schema, '');
  return problems;
}

/** The schema without the keywords found unknown, so the compiler can still report what else is wrong. */
export function withoutKeywords(schema: unknown, problems: readonly KeywordProblem[]): unknown {
  const copy = structuredClone(schema);
  for (const { pointer } of problems) {
    const tokens = pointerTokens(pointer);
    const last = tokens.pop()!;
    let parent: unknown = copy;
    for (const token of tokens) parent = (parent as Record<string, unknown>)[token];
    delete (parent as Record<string, unknown>)[last];
  }
  return copy;
}
