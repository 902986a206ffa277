import { CASEFORMS_KEYWORD } from './ajv-options.ts';
import { fieldMessages, messageKey } from './field-messages.ts';
import { appendPointer, unescapeToken, valueAt } from '../../contracts/json-pointer.ts';

type Json = Record<string, unknown>;

/** A problem in a file, as lint.ts reports it. */
export interface FileProblem {
  readonly file: string;
  readonly pointer: string;
  readonly message: string;
}

/** Every property name some `required` or `dependentRequired` asks for, anywhere (conditions included). */
function requiredNames(node: unknown, into = new Set<string>()): Set<string> {
  if (typeof node !== 'object' || node === null) return into;
  if (Array.isArray(node)) {
    for (const child of node) requiredNames(child, into);
    return into;
  }
  for (const [key, value] of Object.entries(node)) {
    if (key === 'examples' || key === CASEFORMS_KEYWORD) continue;
    if (key === 'required' && Array.isArray(value)) for (const name of value) into.add(String(name));
    if (key === 'dependentRequired' && typeof value === 'object' && value !== null) for (const names of Object.values(value)) if (Array.isArray(names)) for (const name of names) into.add(String(name));
    requiredNames(value, into);
  }
  return into;
}

/**
 * A pack's own field messages (x-caseforms `errors`): each for a keyword its field has (a message for `pattern` on
 * a field without one would never show, and hides a typo), each translated by every locale file that translates
 * the form (always, for a public form), and no translation of a message the form does not have.
 */
export function fieldMessageProblems(schemaFile: string, schema: Json, formId: string, isPublic: boolean, locales: ReadonlyMap<string, Json | undefined>): FileProblem[] {
  const problems: FileProblem[] = [];
  const messages = fieldMessages(schema);
  const required = requiredNames(schema);
  for (const { pointer, keyword, field, at } of messages) {
    const name = pointer.split('/').pop() ?? '';
    const has = keyword === 'required' ? required.has(unescapeToken(name)) : keyword in field;
    if (!has) problems.push({ file: schemaFile, pointer: at, message: `the field has no "${keyword}" keyword, so this message would never show` });
  }
  const keys = new Set(messages.map(({ pointer, keyword }) => messageKey(pointer, keyword)));
  for (const [localeFile, json] of locales) {
    const translated = valueAt(json, `/forms/${formId}`) as { fields?: Record<string, unknown> } | undefined;
    if (!isPublic && !translated) continue;
    const fieldsAt = `/forms/${formId}/fields`;
    for (const { pointer, keyword, message } of messages) {
      const key = messageKey(pointer, keyword);
      if (typeof translated?.fields?.[key] !== 'string') problems.push({ file: localeFile, pointer: appendPointer(fieldsAt, key), message: `missing translation of the message "${message}"` });
    }
    for (const key of Object.keys(translated?.fields ?? {})) {
      if (/:[A-Za-z]+$/.test(key) && !key.endsWith(':help') && !keys.has(key)) {
        problems.push({ file: localeFile, pointer: appendPointer(fieldsAt, key), message: 'translates a field message the form does not have (x-caseforms errors)' });
      }
    }
  }
  return problems;
}
