import type { Field, FormModel } from './form-model.ts';
import { pointerTokens } from '../../contracts/json-pointer.ts';

/**
 * "Add another" and "Remove" on a page without JavaScript: buttons that post the page with `_action` set to
 * `add:<rows pointer>` or `remove:<rows pointer>/<index>`. The server answers with the same page, one row more or less,
 * every other answer kept. Returns undefined for anything that names no rows field of the form.
 */
export function applyRowAction(model: FormModel, data: Record<string, unknown>, action: string): Record<string, unknown> | undefined {
  const match = /^(add|remove):((?:\/[^/]+)+?)(?:\/(\d{1,4}))?$/.exec(action);
  if (!match) return undefined;
  const [, verb, pointer, index] = match as unknown as [string, 'add' | 'remove', string, string | undefined];
  const field = rowsField(model.fields, pointer.replace(/\/\d+(?=\/|$)/g, '/-'));
  if (!field || (verb === 'add') !== (index === undefined)) return undefined;
  const copy = structuredClone(data);
  const tokens = pointerTokens(pointer);
  const last = tokens.pop()!;
  let parent: Record<string, unknown> | unknown[] = copy;
  for (const token of tokens) {
    const next = (parent as Record<string, unknown>)[token];
    const child = typeof next === 'object' && next !== null ? next : {};
    Object.defineProperty(parent, token, { value: child, enumerable: true, writable: true, configurable: true });
    parent = child as Record<string, unknown>;
  }
  const existing = (parent as Record<string, unknown>)[last];
  // A page shows one empty row when there are none, so "add" on an empty list means a second row.
  const rows = Array.isArray(existing) ? [...existing] : [];
  if (verb === 'add') {
    if (rows.length === 0) rows.push(emptyRow(field));
    if (field.maxItems === undefined || rows.length < field.maxItems) rows.push(emptyRow(field));
  } else {
    rows.splice(Number(index), 1);
  }
  Object.defineProperty(parent, last, { value: rows, enumerable: true, writable: true, configurable: true });
  return copy;
}

function emptyRow(field: Extract<Field, { kind: 'rows' }>): unknown {
  return field.item.kind === 'group' ? {} : '';
}

function rowsField(fields: readonly Field[], pattern: string): Extract<Field, { kind: 'rows' }> | undefined {
  for (const field of fields) {
    if (field.kind === 'rows') {
      if (field.pointer === pattern) return field;
      const inner = field.item.kind === 'group' ? rowsField(field.item.children, pattern) : undefined;
      if (inner) return inner;
    }
    if (field.kind === 'group') {
      const inner = rowsField(field.children, pattern);
      if (inner) return inner;
    }
  }
  return undefined;
}
