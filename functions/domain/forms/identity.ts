import { schemaFields, type SchemaField } from './schema-fields.ts';
import { pointerTokens, valueAt } from '../../contracts/json-pointer.ts';

/**
 * Who a case is about, as a form maps it (`x-caseforms.identity`): each key names the JSON Pointer of the answer that
 * holds it, whatever the pack calls its fields. A name is either one field (`name`) or its parts (`givenName`,
 * `familyName`).
 */
export const IDENTITY_KEYS = ['name', 'givenName', 'familyName', 'preferredName', 'dateOfBirth', 'language', 'phone', 'email', 'address'] as const;
export type IdentityKey = (typeof IDENTITY_KEYS)[number];

/**
 * Not a fact about the client but their word on how to reach them: the boolean answer by which they say email is safe
 * for them. It sits in the same map, beside the email it is about; it is never copied to the case.
 */
export const EMAIL_IS_SAFE = 'emailIsSafe';

export type IdentityPointers = Readonly<Partial<Record<IdentityKey | typeof EMAIL_IS_SAFE, string>>>;

/**
 * The client's identity facts as answered, copied onto the case record at intake: case data, encrypted at rest with
 * the table, and never logged. Values are kept as written (name parts apart), so a later search by name can index
 * them in its own way.
 */
export type ClientIdentity = Readonly<Partial<Record<IdentityKey, string>>>;

const isIdentityKey = (key: string): key is IdentityKey => (IDENTITY_KEYS as readonly string[]).includes(key);

export interface IdentityProblem {
  /** Where in the annotation, below `/x-caseforms/identity`: `''` for the whole map, `/<key>` for one entry. */
  readonly at: string;
  readonly message: string;
}

/**
 * The pointers an `x-caseforms.identity` value maps, or every problem with it in plain words (lint reports them at
 * `/x-caseforms/identity…`, and the catalog refuses such a form rather than show a case under the wrong name).
 */
export function declaredIdentity(
  schema: Readonly<Record<string, unknown>>, value: unknown, access: 'public' | 'staff' | 'both',
): { readonly identity: IdentityPointers | undefined } | { readonly problems: readonly IdentityProblem[] } {
  if (value === undefined) return { identity: undefined };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { problems: [{ at: '', message: `must map identity facts to the answers that hold them, e.g. { "name": "/fullName" }; the facts are ${IDENTITY_KEYS.join(', ')}` }] };
  }
  const problems: IdentityProblem[] = [];
  const root = schemaFields(schema);
  for (const [key, pointer] of Object.entries(value)) {
    const at = `/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
    if (!isIdentityKey(key) && key !== EMAIL_IS_SAFE) {
      problems.push({ at, message: `"${key}" is not an identity fact caseforms knows: use ${IDENTITY_KEYS.join(', ')}` });
      continue;
    }
    if (typeof pointer !== 'string' || !/^(\/[^/]+)+$/.test(pointer)) {
      problems.push({ at, message: `must be the JSON Pointer of an answer, such as "/givenName" or "/contact/phone"` });
      continue;
    }
    const field = fieldAt(root, pointer);
    if (!field) problems.push({ at, message: `"${pointer}" is not a field of this form` });
    else if (field.items !== undefined) problems.push({ at, message: `"${pointer}" is a list: point at one answer` });
    else if (field.properties !== undefined && key !== 'address') problems.push({ at, message: `"${pointer}" is a group of fields: point at the one answer that holds the ${key}` });
    else if (key === 'dateOfBirth' && field.format !== 'date') problems.push({ at, message: `"${pointer}" is not a date field ("format": "date"): a date of birth must be one` });
    else if (key === EMAIL_IS_SAFE && field.type !== 'boolean') problems.push({ at, message: `"${pointer}" is not a yes-or-no field ("type": "boolean"): the client says yes or no to email being safe` });
  }
  const keys = Object.keys(value);
  if (keys.includes('name') && (keys.includes('givenName') || keys.includes('familyName'))) {
    problems.push({ at: '', message: 'names the client twice: use "name" for a form with one name field, or "givenName" and "familyName" for one with two, not both' });
  } else if (access !== 'staff' && !keys.some((key) => key === 'name' || key === 'givenName' || key === 'familyName')) {
    // A form the client sends opens a case, which must be named; a staff form may update a few facts only.
    problems.push({ at: '', message: 'must say where the client\'s name is: "name", or "givenName" and "familyName" (a form a client sends opens a case, named by it)' });
  }
  return problems.length > 0 ? { problems } : { identity: value as IdentityPointers };
}

/** The declared field a data pointer addresses, through objects' properties. */
function fieldAt(root: SchemaField, pointer: string): SchemaField | undefined {
  let field: SchemaField | undefined = root;
  for (const token of pointerTokens(pointer)) field = field?.properties?.find((child) => child.name === token);
  return field;
}

/**
 * The identity facts a submission answers, by the form's pointers: text trimmed, empty answers left out. An address
 * given as a group of fields is joined in the order answered ("12 Rue Verte, Montréal").
 */
export function identityOf(pointers: IdentityPointers | undefined, answers: unknown): ClientIdentity | undefined {
  if (!pointers) return undefined;
  const facts: Partial<Record<IdentityKey, string>> = {};
  for (const [key, pointer] of Object.entries(pointers) as Array<[IdentityKey, string]>) {
    if (!isIdentityKey(key)) continue;
    const text = factText(valueAt(answers, pointer));
    if (text) facts[key] = text;
  }
  return Object.keys(facts).length > 0 ? facts : undefined;
}

function factText(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const parts = Object.values(value).map(factText).filter((part): part is string => part !== undefined);
    return parts.length > 0 ? parts.join(', ') : undefined;
  }
  return undefined;
}

/** The client's full name as the form asked for it: one name field, or the given name before the family name. */
export function fullName(identity: ClientIdentity | undefined): string | undefined {
  if (!identity) return undefined;
  return identity.name ?? ([identity.givenName, identity.familyName].filter(Boolean).join(' ') || undefined);
}

/** Whether the client said email is safe for them: only a true answer counts; a form that does not ask never emails. */
export function emailIsSafe(pointers: IdentityPointers | undefined, answers: unknown): boolean {
  const pointer = pointers?.[EMAIL_IS_SAFE];
  return pointer !== undefined && valueAt(answers, pointer) === true;
}
