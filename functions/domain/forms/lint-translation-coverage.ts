import { humanize } from './humanize.ts';
import { valueAt } from '../../contracts/json-pointer.ts';
import { isObject, schemaFields, type SchemaField } from './schema-fields.ts';

type Json = Readonly<Record<string, unknown>>;

/** Words of a public form a client reads besides field titles (lint.ts checks those), by translation key. */
export interface ClientWords {
  /** The form's description, the lead paragraph of its page (`forms.<formId>.description`). */
  readonly description: string | undefined;
  /** Each choice's words by `<pointer>#<value>`: its title, or the value made readable as the page shows it. */
  readonly options: ReadonlyArray<readonly [string, string]>;
  /** Each field's help (`x-caseforms.help`) by `<pointer>:help`. */
  readonly help: ReadonlyArray<readonly [string, string]>;
}

/**
 * The words of a public form a client reads on its page, other than titles, each with the translation key that
 * puts it in the client's language (pack-labels.ts). A field's own `description` is not here: no page shows it.
 */
export function clientWords(schema: Json): ClientWords {
  const options: Array<[string, string]> = [];
  const collect = (field: SchemaField): void => {
    for (const option of field.options ?? []) options.push([`${field.pointer}#${String(option.value)}`, option.title ?? humanize(String(option.value))]);
    field.properties?.forEach(collect);
    if (field.items) collect(field.items);
  };
  collect(schemaFields(schema));
  return { description: typeof schema.description === 'string' ? schema.description : undefined, options, help: helpTexts(schema) };
}

/** Every `x-caseforms.help`, by `<pointer>:help`, conditional sections and list items included. */
function helpTexts(schema: Json): Array<[string, string]> {
  const found = new Map<string, string>();
  const visit = (raw: unknown, pointer: string, seen: ReadonlySet<string>): void => {
    if (!isObject(raw)) return;
    const ref = typeof raw.$ref === 'string' && raw.$ref.startsWith('#') && !seen.has(raw.$ref) ? raw.$ref : undefined;
    const target = ref === undefined ? undefined : valueAt(schema, decodeURIComponent(ref.slice(1)));
    const node: Json = isObject(target) ? { ...target, ...raw } : raw;
    const within = ref === undefined ? seen : new Set([...seen, ref]);
    const help = (node['x-caseforms'] as { help?: unknown } | undefined)?.help;
    if (pointer !== '' && typeof help === 'string' && !found.has(`${pointer}:help`)) found.set(`${pointer}:help`, help);
    const branches = [node, ...(Array.isArray(node.allOf) ? node.allOf : []), node.then, node.else, ...(isObject(node.dependentSchemas) ? Object.values(node.dependentSchemas) : [])];
    for (const branch of branches) {
      if (!isObject(branch) || !isObject(branch.properties)) continue;
      for (const [name, child] of Object.entries(branch.properties)) visit(child, `${pointer}/${name.replaceAll('~', '~0').replaceAll('/', '~1')}`, within);
    }
    if (isObject(node.items)) visit(node.items, `${pointer}/-`, within);
  };
  visit(schema, '', new Set());
  return [...found];
}
