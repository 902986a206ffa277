import { valueAt } from '../forms/json-pointer.ts';

/**
 * Turns a submission into the answered fields of a document, in the form's order and under the form's titles.
 * Nested objects become sections, arrays of objects become numbered entries, unanswered fields are left out, and
 * coded answers (`oneOf` of `const` + `title`) show their titles.
 */
export interface AnsweredField {
  readonly label: string;
  readonly value?: string;
  readonly fields?: readonly AnsweredField[];
  readonly entries?: ReadonlyArray<readonly AnsweredField[]>;
}

interface SchemaNode {
  readonly $ref?: string;
  readonly title?: string;
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly items?: SchemaNode;
  readonly oneOf?: readonly SchemaNode[];
  readonly anyOf?: readonly SchemaNode[];
  readonly const?: unknown;
  readonly 'x-caseforms'?: { readonly order?: readonly string[] };
}

export interface ValueLabels {
  readonly yes: string;
  readonly no: string;
}

export function answeredFields(schema: SchemaNode, data: Readonly<Record<string, unknown>>, labels: ValueLabels): AnsweredField[] {
  return objectFields(schema, schema, data, labels);
}

/** Local references only (`#/$defs/…`), which is what caseforms' lint allows. */
function resolve(root: SchemaNode, node: SchemaNode): SchemaNode {
  if (!node.$ref?.startsWith('#')) return node;
  const target = valueAt(root, decodeURIComponent(node.$ref.slice(1))) as SchemaNode | undefined;
  return { ...target, ...node, $ref: undefined, title: node.title ?? target?.title };
}

function objectFields(root: SchemaNode, schema: SchemaNode, data: Readonly<Record<string, unknown>>, labels: ValueLabels): AnsweredField[] {
  const node = resolve(root, schema);
  const declared = Object.keys(node.properties ?? {});
  const ordered = [...new Set([...(node['x-caseforms']?.order ?? []), ...declared, ...Object.keys(data)])];
  const fields: AnsweredField[] = [];
  for (const key of ordered) {
    if (!Object.hasOwn(data, key)) continue;
    const field = answeredField(root, node.properties?.[key] ?? {}, key, data[key], labels);
    if (field) fields.push(field);
  }
  return fields;
}

function answeredField(root: SchemaNode, schema: SchemaNode, key: string, value: unknown, labels: ValueLabels): AnsweredField | undefined {
  const node = resolve(root, schema);
  const label = node.title ?? key;
  if (value === null || value === undefined || value === '') return undefined;
  if (Array.isArray(value)) {
    if (value.length === 0) return undefined;
    const items = resolve(root, node.items ?? {});
    if (value.every((item) => typeof item !== 'object' || item === null)) {
      return { label, value: value.map((item) => scalar(items, item, labels)).join(', ') };
    }
    return { label, entries: value.map((item) => objectFields(root, items, asRecord(item), labels)) };
  }
  if (typeof value === 'object') {
    const fields = objectFields(root, node, value as Record<string, unknown>, labels);
    return fields.length > 0 ? { label, fields } : undefined;
  }
  return { label, value: scalar(node, value, labels) };
}

function scalar(schema: SchemaNode, value: unknown, labels: ValueLabels): string {
  const coded = [...(schema.oneOf ?? []), ...(schema.anyOf ?? [])].find((option) => option.const === value && option.title);
  if (coded) return `${coded.title} (${String(value)})`;
  if (typeof value === 'boolean') return value ? labels.yes : labels.no;
  return String(value);
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : { value };
}
