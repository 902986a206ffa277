import { describe, expect, it } from 'vitest';
import { loadCatalog, type Form } from '../../functions/domain/forms/catalog.ts';
import { errorLanguageFor, fieldPointer, type ErrorLanguage } from '../../functions/domain/forms/error-language.ts';
import { errorMessages } from '../../functions/domain/forms/error-messages/index.ts';
import { appendPointer, valueAt } from '../../functions/contracts/json-pointer.ts';
import { compileValidator, createAjv, type FieldError } from '../../functions/domain/forms/validator.ts';
import { formsDirWithHarbor } from '../support/harbor-pack.ts';

/**
 * The promise: a client never reads schema jargon, in any language. For every keyword and format the packs
 * in form-schemas/ (and Harbor's) use, answers that break it are made from each form's own example and validated
 * in every locale the agency serves; then every keyword caseforms words at all is broken once more on a synthetic
 * form, in every language it words errors in.
 */

type Json = Record<string, unknown>;

/** ajv's and ajv-i18n's words, JSON types and regex characters: none may reach a client. */
const JARGON: ReadonlyArray<RegExp> = [
  /\bmust\b/i, /\bshould\b/i, /schema/i, /\bconstant\b/i, /\bpattern\b/i, /\bformat\b/i, /\bkeyword\b/i, /\bproperty\b/i,
  /\bequal to\b/i, /allowed values/i, /\bNOT\b/, /\bitems\b/i, /\b(integer|boolean|string|object|array|null)\b/i,
  // "number" is plain English in "phone number"; as a JSON type ("must be number", "debe ser number") it is jargon.
  /\b(be|ser|être|of|type|tipo)\s+number\b/i, /[\^$\\{}[\]]/, /\bundefined\b/, /\[object /,
  // ajv-i18n's Spanish, French and Arabic jargon ("debe ser number", "el esquema és falso").
  /\bdebe\b/i, /esquema/i, /propiedad/i, /patr[oó]n/i, /\bdoit\b/i, /sch[ée]ma/i, /propri[ée]t[ée]/i, /\bmotif\b/i, /مخطط/, /يجب/,
];

const jargonIn = (text: string): RegExp[] => JARGON.filter((phrase) => phrase.test(text));

/** What a client reads about the field once its title (theirs to choose) is set aside. */
function textOf(error: FieldError, language: ErrorLanguage): string {
  const title = language.title(fieldPointer(error.pointer));
  return title && error.message.startsWith(title) ? error.message.slice(title.length) : error.message;
}

/** The field schemas of a form, as translations and titles reach them: `properties`, array `items`, local `$ref`. */
function fieldsOf(schema: Json): Array<{ pointer: string; node: Json }> {
  const fields: Array<{ pointer: string; node: Json }> = [];
  const visit = (node: Json, pointer: string, depth: number): void => {
    if (depth > 8) return;
    const resolved = typeof node.$ref === 'string' ? { ...(valueAt(schema, decodeURIComponent(node.$ref.slice(1))) as Json), ...node } : node;
    fields.push({ pointer, node: resolved });
    for (const [name, child] of Object.entries((resolved.properties ?? {}) as Record<string, Json>)) visit(child, appendPointer(pointer, name), depth + 1);
    if (resolved.items && typeof resolved.items === 'object') visit(resolved.items as Json, `${pointer}/-`, depth + 1);
  };
  visit(schema, '', 0);
  return fields;
}

/** Keywords that only structure or annotate: breaking them is breaking the keywords inside them. */
const STRUCTURAL = new Set(['$schema', '$id', '$defs', '$ref', 'title', 'description', 'examples', 'x-caseforms', 'properties', 'items', 'if', 'then', 'else', 'default']);

/** Every validation keyword a schema uses anywhere (conditions and `$defs` too), and every format. */
function keywordsUsed(node: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(node)) node.forEach((child) => keywordsUsed(child, into));
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return into;
  for (const [key, value] of Object.entries(node)) {
    if (key === 'examples' || key === 'x-caseforms' || key === 'const' || key === 'enum') {
      if (key === 'const' || key === 'enum') into.add(key);
      continue;
    }
    if (key === 'properties' || key === '$defs' || key === 'dependentRequired') {
      if (key === 'dependentRequired') into.add(key);
      else for (const child of Object.values(value as Json)) keywordsUsed(child, into);
      continue;
    }
    if (!STRUCTURAL.has(key)) into.add(key === 'format' ? `format:${String(value)}` : key);
    keywordsUsed(value, into);
  }
  return into;
}

/** A value of the field's own type that none of its options, nor its pattern, nor its format accepts. */
function wrongType(node: Json): unknown {
  const type = Array.isArray(node.type) ? node.type[0] : node.type;
  return type === 'string' ? 42 : type === 'object' || type === 'array' ? 'x' : 'not-a-value-of-this-type';
}

function unlike(node: Json, options: unknown[]): unknown {
  return typeof options[0] === 'number' || node.type === 'integer' || node.type === 'number' ? 987654 : typeof options[0] === 'boolean' ? 'maybe' : 'zz-not-an-option';
}

/** A second copy of one item that the items' schema accepts, for uniqueItems and maxItems. */
function someItem(node: Json, current: unknown): unknown {
  if (Array.isArray(current) && current.length > 0) return current[0];
  const items = (node.items ?? {}) as Json;
  if (Array.isArray(items.enum)) return items.enum[0];
  return 'x';
}

type Breaking = { keyword: string; pointer: string; change: (data: Json) => boolean };

/** Ways to break each keyword of a field; `change` edits a copy of the example and says whether it could. */
function breakings(form: Form): Breaking[] {
  const out: Breaking[] = [];
  for (const { pointer, node } of fieldsOf(form.schema as Json)) {
    if (pointer === '') {
      // The root's own object keywords, below, are broken like any object field's.
    }
    const at = (data: Json) => pointer.replace(/\/-(?=\/|$)/g, '/0');
    const set = (value: unknown | ((current: unknown) => unknown)) => (data: Json): boolean => setAt(data, at(data), value);
    const add = (keyword: string, change: (data: Json) => boolean) => out.push({ keyword, pointer, change });
    if (typeof node.type === 'string' && pointer !== '') add('type', set(wrongType(node)));
    if (typeof node.pattern === 'string') {
      const pattern = new RegExp(node.pattern, 'u');
      const bad = ['!!', 'x', '', '?'.repeat(300)].find((candidate) => !pattern.test(candidate));
      add('pattern', set(bad));
    }
    if (typeof node.format === 'string') add(`format:${node.format}`, set('not-valid-here'));
    if (typeof node.minLength === 'number' && node.minLength > 0) add('minLength', set(''));
    if (typeof node.maxLength === 'number') add('maxLength', set('x'.repeat(node.maxLength + 1)));
    if (typeof node.minimum === 'number') add('minimum', set(node.minimum - 1));
    if (typeof node.maximum === 'number') add('maximum', set(node.maximum + 1));
    if (Array.isArray(node.enum)) add('enum', set(unlike(node, node.enum)));
    if ('const' in node) add('const', set(node.const === true ? false : unlike(node, [node.const])));
    if (Array.isArray(node.oneOf)) add('oneOf', set(unlike(node, node.oneOf.map((branch: Json) => branch.const))));
    if (typeof node.minItems === 'number') add('minItems', set([]));
    if (typeof node.maxItems === 'number') add('maxItems', set((current: unknown) => Array.from({ length: (node.maxItems as number) + 1 }, () => someItem(node, current))));
    if (node.uniqueItems === true) add('uniqueItems', set((current: unknown) => [someItem(node, current), someItem(node, current)]));
    if (Array.isArray(node.required)) {
      for (const name of node.required as string[]) {
        out.push({ keyword: 'required', pointer: appendPointer(pointer, name), change: (data) => deleteAt(data, appendPointer(at(data), name)) });
      }
    }
    if (node.additionalProperties === false) add('additionalProperties', (data) => setAt(data, appendPointer(at(data), 'notAQuestion'), 'x'));
    for (const [trigger, needed] of Object.entries((node.dependentRequired ?? {}) as Record<string, string[]>)) {
      for (const name of needed) {
        out.push({
          keyword: 'dependentRequired', pointer: appendPointer(pointer, name),
          change: (data) => setAt(data, appendPointer(at(data), trigger), valueAt(data, appendPointer(at(data), trigger)) ?? 'someone@example.org') && (deleteAt(data, appendPointer(at(data), name)) || true),
        });
      }
    }
  }
  return out;
}

function parentAndKey(data: Json, pointer: string): [Record<string, unknown>, string] | undefined {
  const tokens = pointer.split('/').slice(1);
  const key = tokens.pop();
  const parent = valueAt(data, tokens.length === 0 ? '' : `/${tokens.join('/')}`);
  return key !== undefined && typeof parent === 'object' && parent !== null ? [parent as Record<string, unknown>, key] : undefined;
}

function setAt(data: Json, pointer: string, value: unknown): boolean {
  const place = parentAndKey(data, pointer);
  if (!place) return false;
  const [parent, key] = place;
  parent[key] = typeof value === 'function' ? (value as (current: unknown) => unknown)(parent[key]) : value;
  return true;
}

function deleteAt(data: Json, pointer: string): boolean {
  const place = parentAndKey(data, pointer);
  if (!place || !(place[1] in place[0])) return false;
  delete place[0][place[1]];
  return true;
}

const catalog = loadCatalog(formsDirWithHarbor());
const agencies = ['demo', 'harbor'] as const;

describe('every keyword and format the packs use, broken, in every locale the agency serves', () => {
  for (const agencyId of agencies) {
    const agency = catalog.agency(agencyId)!;
    const forms = [...catalog.pack(agencyId)!.forms.values()];

    it(`${agencyId}: no jargon, every failing field named, every language its own words`, () => {
      const exercised = new Set<string>();
      const failures: string[] = [];
      for (const form of forms) {
        const example = (form.schema.examples as Json[] | undefined)?.[0];
        if (!example) continue;
        for (const breaking of breakings(form)) {
          const data = structuredClone(example);
          if (!breaking.change(data)) continue;
          const inLocale = new Map<string, FieldError[]>();
          for (const locale of agency.locales) {
            const language = errorLanguageFor(form, catalog.translations(agencyId, locale), locale);
            const result = form.validate(data, language);
            const where = `${agencyId}/${form.formId} ${breaking.keyword} at ${breaking.pointer} [${locale}]`;
            if (result.valid) {
              failures.push(`${where}: broken answer accepted`);
              continue;
            }
            const concrete = breaking.pointer.replace(/\/-(?=\/|$)/g, '/0');
            if (!result.errors.some((error) => error.pointer === concrete || error.pointer.startsWith(`${concrete}/`))) {
              failures.push(`${where}: no error names the field (${JSON.stringify(result.errors)})`);
            }
            for (const error of result.errors) {
              const jargon = jargonIn(textOf(error, language));
              if (jargon.length > 0) failures.push(`${where}: "${error.message}" has ${jargon.join(', ')}`);
            }
            inLocale.set(locale, [...result.errors]);
          }
          exercised.add(breaking.keyword);
          const english = new Set((inLocale.get(agency.defaultLocale) ?? []).map((error) => error.message));
          for (const [locale, errors] of inLocale) {
            if (locale === agency.defaultLocale) continue;
            for (const error of errors) {
              if (english.has(error.message)) failures.push(`${agencyId}/${form.formId} ${breaking.keyword} [${locale}]: "${error.message}" is the ${agency.defaultLocale} message, untranslated`);
            }
          }
        }
      }
      expect(failures).toEqual([]);
      const used = new Set(forms.flatMap((form) => [...keywordsUsed(form.schema)]));
      // Keywords the walk cannot break from an example: a condition's `then` is checked through its `required`.
      expect([...used].filter((keyword) => !exercised.has(keyword)).sort()).toEqual([]);
    });
  }
});

describe('every keyword caseforms words, in every language it words errors in', () => {
  const schema = {
    type: 'object',
    additionalProperties: false,
    required: ['text'],
    properties: {
      text: { type: 'string', minLength: 3, maxLength: 5, pattern: '^[a-z]+$' },
      count: { type: 'integer', minimum: 2, maximum: 4, multipleOf: 2 },
      ratio: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
      flag: { type: 'boolean' },
      section: { type: 'object' },
      list: { type: 'array', minItems: 2, maxItems: 3, uniqueItems: true },
      nothing: { type: 'null' },
      date: { type: 'string', format: 'date' },
      dateTime: { type: 'string', format: 'date-time' },
      time: { type: 'string', format: 'time' },
      email: { type: 'string', format: 'email' },
      uri: { type: 'string', format: 'uri' },
      uuid: { type: 'string', format: 'uuid' },
      choice: { enum: ['a', 'b'] },
      fixed: { const: 'a' },
      agree: { const: true },
      coded: { oneOf: [{ const: 1 }, { const: 2 }] },
      shaped: { anyOf: [{ type: 'string' }, { type: 'integer' }] },
      notThis: { not: { const: 'x' } },
      never: false,
      tel: { type: 'string', pattern: '^[0-9]+$', 'x-caseforms': { widget: 'tel' } },
      pair: { type: 'object', dependentRequired: { a: ['b'] } },
    },
  };
  const validate = compileValidator(createAjv(), schema);
  const broken = [
    { text: 'AB' }, { text: 'abcdefgh' }, { text: 'abc', count: 'x' }, { text: 'abc', count: 1 }, { text: 'abc', count: 5 }, { text: 'abc', count: 3 },
    { text: 'abc', ratio: 'x' }, { text: 'abc', ratio: 0 }, { text: 'abc', ratio: 1 }, { text: 'abc', flag: 'yes' }, { text: 'abc', section: 'x' },
    { text: 'abc', list: 'x' }, { text: 'abc', list: [1] }, { text: 'abc', list: [1, 2, 3, 4] }, { text: 'abc', list: [1, 1] }, { text: 'abc', nothing: 1 },
    { text: 'abc', date: 'x' }, { text: 'abc', dateTime: 'x' }, { text: 'abc', time: 'x' }, { text: 'abc', email: 'x' }, { text: 'abc', uri: 'x' },
    { text: 'abc', uuid: 'x' }, { text: 'abc', choice: 'c' }, { text: 'abc', fixed: 'b' }, { text: 'abc', agree: false }, { text: 'abc', coded: 3 },
    { text: 'abc', shaped: true }, { text: 'abc', notThis: 'x' }, { text: 'abc', never: 1 }, { text: 'abc', tel: 'call me' }, { text: 'abc', pair: { a: 1 } },
    { text: 'abc', extra: 1 }, {},
  ];

  for (const locale of Object.keys(errorMessages)) {
    it(`${locale}: plain words${locale === 'en' ? '' : ', none of them the English ones'}`, () => {
      const language: ErrorLanguage = { locale, title: () => undefined, message: () => undefined };
      const failures: string[] = [];
      for (const data of broken) {
        const result = validate(data, language);
        if (result.valid) throw new Error(`expected ${JSON.stringify(data)} to fail`);
        const english = validate(data);
        for (const [index, error] of result.errors.entries()) {
          const jargon = jargonIn(error.message);
          if (jargon.length > 0) failures.push(`${JSON.stringify(data)}: "${error.message}" has ${jargon.join(', ')}`);
          if (locale !== 'en' && !english.valid && english.errors[index]?.message === error.message) failures.push(`${JSON.stringify(data)}: "${error.message}" is English`);
        }
      }
      expect(failures).toEqual([]);
    });
  }

  it('a field shown as a telephone asks for a phone number, not a "pattern"', () => {
    const result = validate({ text: 'abc', tel: 'call me' });
    expect(result).toEqual({ valid: false, errors: [{ pointer: '/tel', message: 'Enter a phone number using digits, spaces and + ( ) -' }] });
  });

  it('a coded answer out of range is one message, not one per option', () => {
    const result = validate({ text: 'abc', coded: 3 });
    expect(result).toEqual({ valid: false, errors: [{ pointer: '/coded', message: 'Choose one of the options given' }] });
  });
});
