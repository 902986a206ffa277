import { describe, expect, it } from 'vitest';
import type { Form } from '../../functions/domain/forms/catalog.ts';
import { errorLanguageFor } from '../../functions/domain/forms/error-language.ts';
import { fieldMessages } from '../../functions/domain/forms/field-messages.ts';
import { compileValidator, createAjv } from '../../functions/domain/forms/validator.ts';

// A field's own messages reach it as its title does: through properties, array items and local $ref.
const schema = {
  $defs: {
    answer: { title: 'Answer', type: 'integer', oneOf: [{ const: 0 }, { const: 1 }], 'x-caseforms': { errors: { oneOf: 'pick 0 or 1' } } },
    person: { type: 'object', properties: { name: { title: 'Name', type: 'string', minLength: 2, 'x-caseforms': { errors: { minLength: 'give the whole name' } } } } },
  },
  type: 'object',
  properties: {
    q1: { title: 'First', $ref: '#/$defs/answer' },
    q2: { title: 'Second', $ref: '#/$defs/answer', 'x-caseforms': { errors: { oneOf: 'its own words' } } },
    people: { type: 'array', items: { $ref: '#/$defs/person' } },
  },
};

describe('field messages (x-caseforms errors)', () => {
  it('are keyed by the field\'s data pointer, and point lint at where they are written', () => {
    expect(fieldMessages(schema).map(({ pointer, keyword, message, at }) => ({ pointer, keyword, message, at }))).toEqual([
      { pointer: '/q1', keyword: 'oneOf', message: 'pick 0 or 1', at: '/$defs/answer/x-caseforms/errors/oneOf' },
      { pointer: '/q2', keyword: 'oneOf', message: 'its own words', at: '/properties/q2/x-caseforms/errors/oneOf' },
      { pointer: '/people/-/name', keyword: 'minLength', message: 'give the whole name', at: '/$defs/person/properties/name/x-caseforms/errors/minLength' },
    ]);
  });

  it('replace the default words under the field\'s title, per field and per array entry', () => {
    const form = { formId: 'f', schema } as unknown as Form;
    const validate = compileValidator(createAjv(), schema);
    const result = validate({ q1: 5, q2: 5, people: [{ name: 'A' }, { name: 'Bo' }] }, errorLanguageFor(form, undefined, 'en'));
    expect(result).toEqual({ valid: false, errors: [
      { pointer: '/q1', message: 'First: pick 0 or 1' },
      { pointer: '/q2', message: 'Second: its own words' },
      { pointer: '/people/0/name', message: 'Name: give the whole name' },
    ] });
    const french = validate({ q1: 5 }, errorLanguageFor(form, { forms: { f: { fields: { '/q1:oneOf': 'choisissez 0 ou 1' } } } }, 'fr'));
    expect(french).toEqual({ valid: false, errors: [{ pointer: '/q1', message: 'First : choisissez 0 ou 1' }] });
    // A locale without the translation gets caseforms' words in its language, not the schema's English.
    const spanish = validate({ q1: 5 }, errorLanguageFor(form, { forms: {} }, 'es'));
    expect(spanish).toEqual({ valid: false, errors: [{ pointer: '/q1', message: 'First: elija una de las opciones propuestas' }] });
  });
});
