import { appendPointer, valueAt } from '../../contracts/json-pointer.ts';
import type { Labels } from './pack-labels.ts';

type Json = Readonly<Record<string, unknown>>;

/** Words in the reader's language by translation key (forms/pack-labels.ts); undefined keeps the schema's own words. */
export type { Labels };

export type Scalar = string | number | boolean;

/** One choice of a coded field: a `oneOf`/`anyOf` of `const`s, or an `enum` titled by `x-caseforms.optionTitles`. */
export interface Option {
  readonly value: Scalar;
  readonly title: string | undefined;
}

/** A field of a form as exports see it: where its value is, what it is called, and what kind of value it holds. */
export interface SchemaField {
  /**
   * JSON Pointer of the value in a submission, array entries written `-` (`/dependents/-/name`): one pointer per
   * field however many entries an answer has, which is also the key translations use.
   */
  readonly pointer: string;
  /** The property name in its parent object ('-' for an array's items, '' for the form itself). */
  readonly name: string;
  readonly title: string | undefined;
  readonly type: string | undefined;
  readonly format: string | undefined;
  /**
   * An object's declared properties in form order (`x-caseforms.order` first), including those only its conditional
   * branches declare. Undefined when the schema declares none: a free-form object, or no object at all.
   */
  readonly properties: readonly SchemaField[] | undefined;
  /** An array's items; undefined when the schema does not describe them. */
  readonly items: SchemaField | undefined;
  readonly options: readonly Option[] | undefined;
}

/**
 * The form's fields as a tree rooted at the form itself (pointer ''). Local `$ref`s are followed (the only kind
 * lint allows); a `$ref` back into one of its own ancestors stops there.
 */
export function schemaFields(schema: Json, labels: Labels = () => undefined): SchemaField {
  const resolve = (node: Json, seen: ReadonlySet<string>): { node: Json; seen: ReadonlySet<string> } => {
    const ref = node.$ref;
    if (typeof ref !== 'string' || !ref.startsWith('#') || seen.has(ref)) return { node, seen };
    const target = valueAt(schema, decodeURIComponent(ref.slice(1)));
    if (!isObject(target)) return { node, seen };
    const inner = resolve(target, new Set([...seen, ref]));
    // The referring node's own keywords (a title above all) win over the target's, as in pages and documents.
    return { node: { ...inner.node, ...node, $ref: undefined }, seen: inner.seen };
  };

  const field = (raw: Json, pointer: string, name: string, seen: ReadonlySet<string>): SchemaField => {
    // A schema that refers to itself (a tree) would be endless: the field keeps its own words, and its contents
    // count as free-form.
    const recursive = typeof raw.$ref === 'string' && seen.has(raw.$ref);
    const { node, seen: path } = resolve(raw, recursive ? new Set() : seen);
    const declared = recursive ? [] : declaredProperties(node, path, resolve);
    const items = recursive || !isObject(node.items) ? undefined : field(node.items, `${pointer}/-`, '-', path);
    return {
      pointer,
      name,
      title: labels(pointer) ?? (typeof node.title === 'string' ? node.title : undefined),
      type: typeOf(node, declared.length > 0, items !== undefined),
      format: typeof node.format === 'string' ? node.format : undefined,
      properties: declared.length > 0 ? declared.map(([child, childSchema]) => field(childSchema, appendPointer(pointer, child), child, path)) : undefined,
      items,
      options: optionsOf(node, pointer, labels),
    };
  };

  return field(schema, '', '', new Set());
}

type Resolver = (node: Json, seen: ReadonlySet<string>) => { node: Json; seen: ReadonlySet<string> };

/**
 * Properties in form order. Conditional sections may declare a field only in `then`, `else`, `allOf` or
 * `dependentSchemas`; an export that missed them would silently drop answers. `false` schemas forbid a field,
 * they declare nothing.
 */
function declaredProperties(node: Json, seen: ReadonlySet<string>, resolve: Resolver): Array<[string, Json]> {
  const branches: unknown[] = [node, ...(Array.isArray(node.allOf) ? node.allOf : []), node.then, node.else,
    ...(isObject(node.dependentSchemas) ? Object.values(node.dependentSchemas) : [])];
  const found = new Map<string, Json>();
  for (const branch of branches) {
    if (!isObject(branch)) continue;
    const properties = resolve(branch, seen).node.properties;
    if (!isObject(properties)) continue;
    for (const [name, child] of Object.entries(properties)) {
      if (isObject(child) && !found.has(name)) found.set(name, child);
    }
  }
  const order = (node['x-caseforms'] as { order?: unknown } | undefined)?.order;
  const first = (Array.isArray(order) ? order : []).filter((name): name is string => typeof name === 'string' && found.has(name));
  return [...new Set([...first, ...found.keys()])].map((name) => [name, found.get(name)!]);
}

function typeOf(node: Json, hasProperties: boolean, hasItems: boolean): string | undefined {
  if (typeof node.type === 'string') return node.type;
  if (Array.isArray(node.type)) return (node.type as unknown[]).find((type): type is string => typeof type === 'string' && type !== 'null');
  if (hasProperties) return 'object';
  if (hasItems) return 'array';
  if (typeof node.const === 'boolean') return 'boolean';
  return undefined;
}

function optionsOf(node: Json, pointer: string, labels: Labels): Option[] | undefined {
  const title = (value: Scalar, own: string | undefined) => labels(`${pointer}#${String(value)}`) ?? own;
  for (const keyword of ['oneOf', 'anyOf'] as const) {
    const branches = node[keyword];
    if (Array.isArray(branches) && branches.length > 0 && branches.every((branch) => isObject(branch) && isScalar(branch.const))) {
      return (branches as Array<{ const: Scalar; title?: unknown }>).map((branch) => ({
        value: branch.const, title: title(branch.const, typeof branch.title === 'string' ? branch.title : undefined),
      }));
    }
  }
  if (Array.isArray(node.enum)) {
    const titles = (node['x-caseforms'] as { optionTitles?: Record<string, unknown> } | undefined)?.optionTitles ?? {};
    return (node.enum as unknown[]).filter(isScalar).map((value) => {
      const own = Object.hasOwn(titles, String(value)) ? titles[String(value)] : undefined;
      return { value, title: title(value, typeof own === 'string' ? own : undefined) };
    });
  }
  return undefined;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isScalar(value: unknown): value is Scalar {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** The option an answer chose, when the field is coded and the answer is one of its values. */
export function chosenOption(field: SchemaField | undefined, value: unknown): Option | undefined {
  return field?.options?.find((option) => option.value === value);
}
