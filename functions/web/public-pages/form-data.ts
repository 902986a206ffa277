import type { Field, FormModel, Option } from './form-model.ts';
import { unescapeToken } from '../../contracts/json-pointer.ts';

/**
 * A posted page (`application/x-www-form-urlencoded`) as the JSON the schema validates. Controls are named by the JSON
 * Pointer of their value (rows by index, `/dependents/0/name`), so each value goes back where the schema wants it,
 * converted to the schema's type:
 * - an empty text box is no answer at all (a required field then reads "is required", not "too short");
 * - a number that does not parse stays the text typed, so the error says so and the page shows it again;
 * - a checkbox is true when checked and false when not;
 * - a row with nothing filled in is dropped, and so is an optional group with nothing filled in.
 * Names outside the form (the token, the language, the honeypot, page actions) start with `_` and are ignored here.
 */
export function formDataToJson(model: FormModel, params: URLSearchParams): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const field of model.fields) assign(data, lastToken(field.pointer), read(field, field.pointer, params));
  return data;
}

function read(field: Field, pointer: string, params: URLSearchParams): unknown {
  switch (field.kind) {
    case 'input': {
      const text = params.get(pointer);
      if (text === null || text.trim() === '') return undefined;
      if (field.valueType === 'string') return text;
      const number = Number(text.trim());
      return /^\s*-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(text) && Number.isFinite(number) ? number : text;
    }
    case 'choice': {
      const text = params.get(pointer);
      if (text === null || text === '') return undefined;
      return optionValue(field.options, text);
    }
    case 'checkbox':
      return params.has(pointer);
    case 'checkboxes': {
      const values = params.getAll(pointer).map((text) => optionValue(field.options, text));
      return values.length > 0 ? values : undefined;
    }
    case 'upload': {
      // The ids of the files attached (hidden inputs named by the question); the submission checks each is this form's.
      const ids = params.getAll(pointer).filter((id) => id !== '').slice(0, field.maxFiles + 1);
      return ids.length > 0 ? ids : undefined;
    }
    case 'group': {
      const group: Record<string, unknown> = {};
      for (const child of field.children) assign(group, lastToken(child.pointer), read(child, `${pointer}/${lastToken(child.pointer)}`, params));
      return field.required || answered(group) ? group : undefined;
    }
    case 'rows': {
      const rows = rowIndexes(pointer, params)
        .map((index) => read(field.item, `${pointer}/${index}`, params))
        .filter((row) => answered(row));
      return rows.length > 0 ? rows : undefined;
    }
  }
}

/** The posted option as the schema's value (`"2"` → 2, `"true"` → true); text matching no option stays text. */
function optionValue(options: readonly Option[], text: string): unknown {
  return options.find((option) => String(option.value) === text)?.value ?? text;
}

/** Something was filled in: a value, or a group or row with one; a checkbox left unticked is not an answer. */
function answered(value: unknown): boolean {
  if (value === undefined || value === false) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object' && value !== null) return Object.values(value).some(answered);
  return true;
}

/** The row numbers posted under an array's pointer, in order: `/dependents/0/name`, `/dependents/3/age` → 0, 3. */
function rowIndexes(pointer: string, params: URLSearchParams): number[] {
  const indexes = new Set<number>();
  for (const name of params.keys()) {
    if (!name.startsWith(`${pointer}/`)) continue;
    const token = name.slice(pointer.length + 1).split('/')[0]!;
    if (/^(0|[1-9]\d{0,3})$/.test(token)) indexes.add(Number(token));
  }
  return [...indexes].sort((a, b) => a - b);
}

function lastToken(pointer: string): string {
  return pointer.slice(pointer.lastIndexOf('/') + 1);
}

function assign(target: Record<string, unknown>, escapedToken: string, value: unknown): void {
  if (value === undefined) return;
  const key = unescapeToken(escapedToken);
  // Keys come from the schema's property names, never from the request: no prototype keys can arrive here.
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
