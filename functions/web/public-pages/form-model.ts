import { formConditions, type ConditionalField } from '../../domain/forms/conditions.ts';
import { humanize } from '../../domain/forms/humanize.ts';
import { appendPointer, valueAt } from '../../contracts/json-pointer.ts';
import { uploadFieldOf, type UploadType } from '../../domain/uploads/upload-field.ts';

type Json = Record<string, unknown>;

/** A labelled choice: from `oneOf: [{ const, title }]`, or a bare `enum` value made readable. */
export interface Option {
  readonly value: string | number | boolean;
  readonly label: string;
}

interface FieldBase {
  /** JSON Pointer of the value in a submission; also the control's `name`, so a posted form maps back directly. */
  readonly pointer: string;
  readonly label: string;
  readonly help: string | undefined;
  readonly required: boolean;
}

export type ScalarType = 'string' | 'number' | 'integer' | 'boolean';

export interface InputField extends FieldBase {
  readonly kind: 'input';
  readonly control: 'text' | 'textarea' | 'email' | 'tel' | 'date' | 'number';
  readonly valueType: 'string' | 'number' | 'integer';
  readonly min?: number;
  readonly max?: number;
  readonly maxLength?: number;
}

export interface ChoiceField extends FieldBase {
  readonly kind: 'choice';
  readonly control: 'radio' | 'select';
  readonly valueType: ScalarType;
  readonly options: readonly Option[];
}

/** A boolean: checked is true, unchecked is false. */
export interface CheckboxField extends FieldBase {
  readonly kind: 'checkbox';
}

/** An array of distinct choices: one checkbox per option. */
export interface CheckboxesField extends FieldBase {
  readonly kind: 'checkboxes';
  readonly valueType: ScalarType;
  readonly options: readonly Option[];
}

/** An object: a fieldset of its properties. */
export interface GroupField extends FieldBase {
  readonly kind: 'group';
  readonly children: readonly Field[];
}

/** An array of anything else: rows a client adds and removes. `item` is laid out at pointer `<pointer>/-`. */
export interface RowsField extends FieldBase {
  readonly kind: 'rows';
  readonly item: Field;
  readonly minItems: number;
  readonly maxItems: number | undefined;
}

/**
 * A file question (domain/uploads/upload-field.ts): its answer is the ids of files the client attached, each sent
 * straight to storage first (presigned POST), never through the page's own form.
 */
export interface UploadField extends FieldBase {
  readonly kind: 'upload';
  readonly accept: readonly UploadType[];
  readonly maxBytes: number;
  readonly maxFiles: number;
}

export type Field = InputField | ChoiceField | CheckboxField | CheckboxesField | GroupField | RowsField | UploadField;

export interface FormModel {
  readonly title: string;
  readonly description: string | undefined;
  readonly fields: readonly Field[];
  /** The fields asked only under a condition on another answer (forms/conditions.ts), outer sections first. */
  readonly conditions: readonly ConditionalField[];
}

/**
 * Words in the page's language, from the form's translations: a field's title by its pointer (array items as `-`),
 * an option's by `<pointer>#<value>`, a field's help by `<pointer>:help`. Undefined keeps the schema's own words.
 */
export type Labels = (key: string) => string | undefined;

const RADIO_LIMIT = 5;

/**
 * The page a form schema asks for, as a tree of fields in display order: each property mapped to the control its type,
 * format and annotations call for. Everything comes from the schema, so a change to it changes the page.
 */
export function formModel(schema: Json, labels: Labels = () => undefined): FormModel {
  const resolve = (node: Json): Json => {
    if (typeof node.$ref !== 'string' || !node.$ref.startsWith('#')) return node;
    const target = valueAt(schema, decodeURIComponent(node.$ref.slice(1)));
    return typeof target === 'object' && target !== null ? { ...resolve(target as Json), ...node, $ref: undefined } : node;
  };
  const labelKey = (pointer: string) => pointer.replace(/\/\d+(?=\/|$)/g, '/-');

  const field = (raw: Json, pointer: string, required: boolean): Field | undefined => {
    const node = resolve(raw);
    const annotations = (node['x-caseforms'] ?? {}) as { widget?: string; help?: string; order?: string[] };
    const base: FieldBase = {
      pointer,
      label: labels(labelKey(pointer)) ?? (typeof node.title === 'string' ? node.title : humanize(pointer.split('/').at(-1) ?? '')),
      help: annotations.help === undefined ? undefined : labels(`${labelKey(pointer)}:help`) ?? annotations.help,
      required,
    };
    const type = typeOf(node);
    const options = optionsOf(node, labelKey(pointer), labels);

    if (type === 'object') {
      return { ...base, kind: 'group', children: properties(node, pointer) };
    }
    const upload = uploadFieldOf(node, pointer);
    if (upload) {
      // Inside rows a file question is not supported (lint refuses it): it is left off the page rather than half-working.
      if (pointer.includes('/-')) return undefined;
      return { ...base, kind: 'upload', accept: upload.accept, maxBytes: upload.maxBytes, maxFiles: upload.maxFiles };
    }
    if (type === 'array') {
      const items = resolve((node.items ?? {}) as Json);
      const itemOptions = optionsOf(items, `${labelKey(pointer)}/-`, labels);
      if (itemOptions && node.uniqueItems === true) {
        return { ...base, kind: 'checkboxes', valueType: typeOf(items) as ScalarType, options: itemOptions };
      }
      const item = field(items, `${pointer}/-`, true);
      if (!item) return undefined;
      return {
        ...base, kind: 'rows', item,
        minItems: typeof node.minItems === 'number' ? node.minItems : 0,
        maxItems: typeof node.maxItems === 'number' ? node.maxItems : undefined,
      };
    }
    if (options) {
      const control = annotations.widget === 'select' || (annotations.widget !== 'radio' && options.length > RADIO_LIMIT) ? 'select' : 'radio';
      return { ...base, kind: 'choice', control, valueType: (type ?? 'string') as ScalarType, options };
    }
    if (type === 'boolean') return { ...base, kind: 'checkbox' };
    if (type === 'number' || type === 'integer') {
      return {
        ...base, kind: 'input', control: 'number', valueType: type,
        ...numberBounds(node),
      };
    }
    if (type === 'string' || type === undefined) {
      return {
        ...base, kind: 'input', control: stringControl(node, annotations.widget), valueType: 'string',
        ...(typeof node.maxLength === 'number' ? { maxLength: node.maxLength } : {}),
      };
    }
    return undefined;
  };

  const properties = (node: Json, pointer: string): Field[] => {
    const props = (node.properties ?? {}) as Record<string, Json>;
    const required = new Set(Array.isArray(node.required) ? (node.required as string[]) : []);
    const order = ((node['x-caseforms'] as { order?: string[] } | undefined)?.order ?? []).filter((name) => Object.hasOwn(props, name));
    const names = [...order, ...Object.keys(props).filter((name) => !order.includes(name))];
    return names.flatMap((name) => {
      const child = field(props[name]!, appendPointer(pointer, name), required.has(name));
      return child ? [child] : [];
    });
  };

  const root = resolve(schema);
  return {
    title: labels('') ?? (typeof root.title === 'string' ? root.title : ''),
    description: typeof root.description === 'string' ? root.description : undefined,
    fields: properties(root, ''),
    conditions: formConditions(schema).fields,
  };
}

/** The file questions of a page, outer first (rows never hold one: see formModel). */
export function uploadFieldsOfModel(fields: readonly Field[]): UploadField[] {
  return fields.flatMap((field) => (field.kind === 'upload' ? [field] : field.kind === 'group' ? uploadFieldsOfModel(field.children) : []));
}

function typeOf(node: Json): string | undefined {
  if (typeof node.type === 'string') return node.type;
  if (Array.isArray(node.type)) return (node.type as string[]).find((t) => t !== 'null');
  if (typeof node.const === 'boolean') return 'boolean';
  return undefined;
}

function optionsOf(node: Json, labelKey: string, labels: Labels): Option[] | undefined {
  const label = (value: Option['value'], fallback: string) => labels(`${labelKey}#${String(value)}`) ?? fallback;
  if (Array.isArray(node.oneOf) && node.oneOf.every((branch) => typeof branch === 'object' && branch !== null && 'const' in branch)) {
    return (node.oneOf as Array<{ const: Option['value']; title?: string }>).map((branch) => ({
      value: branch.const, label: label(branch.const, branch.title ?? humanize(String(branch.const))),
    }));
  }
  if (Array.isArray(node.enum)) {
    const titles = ((node['x-caseforms'] as { optionTitles?: Record<string, string> } | undefined)?.optionTitles ?? {});
    return (node.enum as Array<Option['value']>).filter((value) => value !== null).map((value) => ({
      value, label: label(value, Object.hasOwn(titles, String(value)) ? titles[String(value)]! : humanize(String(value))),
    }));
  }
  return undefined;
}

function numberBounds(node: Json): { min?: number; max?: number } {
  const min = typeof node.minimum === 'number' ? node.minimum : typeof node.exclusiveMinimum === 'number' ? node.exclusiveMinimum : undefined;
  const max = typeof node.maximum === 'number' ? node.maximum : typeof node.exclusiveMaximum === 'number' ? node.exclusiveMaximum : undefined;
  return { ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
}

function stringControl(node: Json, widget: string | undefined): InputField['control'] {
  if (widget === 'textarea' || widget === 'email' || widget === 'tel' || widget === 'date' || widget === 'text') return widget;
  if (node.format === 'email') return 'email';
  if (node.format === 'date') return 'date';
  if (typeof node.maxLength === 'number' && node.maxLength > 500) return 'textarea';
  // A phone pattern (digits, spaces, + and brackets) asks for the phone keypad.
  if (typeof node.pattern === 'string' && /^\^\[[+0-9 ()\\-]+\]/.test(node.pattern)) return 'tel';
  return 'text';
}

