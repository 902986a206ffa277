import { packFolder, type PackFiles } from '../forms/pack-files.ts';
import { schemaFields, type SchemaField } from '../forms/schema-fields.ts';

/** A field as a diff names it: where its answer goes, and what the form calls it. */
export interface DiffField {
  readonly pointer: string;
  readonly title: string | undefined;
}

/** What changed in one form between two versions, field by field. */
export interface FormDiff {
  readonly formId: string;
  readonly added: readonly DiffField[];
  readonly removed: readonly DiffField[];
  /** Fields whose title, kind of answer or choices changed. */
  readonly changed: readonly DiffField[];
}

export interface PackDiff {
  readonly addedFiles: readonly string[];
  readonly removedFiles: readonly string[];
  readonly changedFiles: readonly string[];
  /** One entry per form that exists in both versions and whose fields differ, plus forms added or removed whole. */
  readonly forms: readonly FormDiff[];
}

/** What an admin needs to see before publishing or rolling back: files, and in forms the fields, added, removed, changed. */
export function diffPacks(from: PackFiles, to: PackFiles): PackDiff {
  const paths = [...new Set([...from.keys(), ...to.keys()])].sort();
  const fromForms = new Map(packFolder(from, 'forms'));
  const toForms = new Map(packFolder(to, 'forms'));
  const forms: FormDiff[] = [];
  for (const formId of [...new Set([...fromForms.keys(), ...toForms.keys()])].sort()) {
    const before = fieldsOf(fromForms.get(formId));
    const after = fieldsOf(toForms.get(formId));
    const added = [...after.values()].filter((field) => !before.has(field.pointer)).map(named);
    const removed = [...before.values()].filter((field) => !after.has(field.pointer)).map(named);
    const changed = [...after.values()].filter((field) => before.has(field.pointer) && shape(before.get(field.pointer)!) !== shape(field)).map(named);
    if (added.length + removed.length + changed.length > 0) forms.push({ formId, added, removed, changed });
  }
  return {
    addedFiles: paths.filter((path) => !from.has(path)),
    removedFiles: paths.filter((path) => !to.has(path)),
    changedFiles: paths.filter((path) => from.has(path) && to.has(path) && from.get(path) !== to.get(path)),
    forms,
  };
}

export const isEmptyDiff = (diff: PackDiff): boolean => diff.addedFiles.length + diff.removedFiles.length + diff.changedFiles.length === 0;

/** Every field of a form by pointer (the form itself left out); none when the text is missing or not a schema. */
function fieldsOf(text: string | undefined): Map<string, SchemaField> {
  const fields = new Map<string, SchemaField>();
  if (text === undefined) return fields;
  let schema: unknown;
  try {
    schema = JSON.parse(text);
  } catch {
    return fields;
  }
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return fields;
  const walk = (field: SchemaField) => {
    if (field.pointer !== '') fields.set(field.pointer, field);
    for (const child of field.properties ?? []) walk(child);
    if (field.items) walk(field.items);
  };
  walk(schemaFields(schema as Record<string, unknown>));
  return fields;
}

const named = (field: SchemaField): DiffField => ({ pointer: field.pointer, title: field.title });

/** What a client sees of a field: its words, its kind of answer, its choices (its sub-fields are compared on their own). */
const shape = (field: SchemaField): string => JSON.stringify([field.title, field.type, field.format, field.options]);
