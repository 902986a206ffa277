/**
 * Turns a submission into the answered fields of a document, in the schema's order and under the schema's titles.
 * Nested objects become sections, arrays of objects become numbered entries, unanswered fields are left out.
 */
export interface AnsweredField {
  readonly label: string;
  readonly value?: string;
  readonly fields?: readonly AnsweredField[];
  readonly entries?: ReadonlyArray<readonly AnsweredField[]>;
}

interface SchemaNode {
  readonly title?: string;
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly items?: SchemaNode;
}

export interface ValueLabels {
  readonly yes: string;
  readonly no: string;
}

export function answeredFields(schema: SchemaNode, data: Readonly<Record<string, unknown>>, labels: ValueLabels): AnsweredField[] {
  const declared = Object.keys(schema.properties ?? {});
  const extra = Object.keys(data).filter((key) => !declared.includes(key));
  const fields: AnsweredField[] = [];
  for (const key of [...declared, ...extra]) {
    if (!(key in data)) continue;
    const field = answeredField(schema.properties?.[key] ?? {}, key, data[key], labels);
    if (field) fields.push(field);
  }
  return fields;
}

function answeredField(schema: SchemaNode, key: string, value: unknown, labels: ValueLabels): AnsweredField | undefined {
  const label = schema.title ?? key;
  if (value === null || value === undefined || value === '') return undefined;
  if (Array.isArray(value)) {
    if (value.length === 0) return undefined;
    if (value.every((item) => typeof item !== 'object' || item === null)) {
      return { label, value: value.map((item) => scalar(item, labels)).join(', ') };
    }
    return { label, entries: value.map((item) => answeredFields(schema.items ?? {}, asRecord(item), labels)) };
  }
  if (typeof value === 'object') {
    const fields = answeredFields(schema, value as Record<string, unknown>, labels);
    return fields.length > 0 ? { label, fields } : undefined;
  }
  return { label, value: scalar(value, labels) };
}

function scalar(value: unknown, labels: ValueLabels): string {
  if (typeof value === 'boolean') return value ? labels.yes : labels.no;
  return String(value);
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : { value };
}
