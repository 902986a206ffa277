import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../functions/forms/catalog.ts';
import { errorLanguageFor } from '../../functions/forms/error-language.ts';
import { negotiateLocale } from '../../functions/http/accept-language.ts';
import { projectRoot } from '../../local/stack.ts';
import { demoExample } from '../support/test-stack.ts';

const catalog = loadCatalog(join(projectRoot, 'form-schemas'));
const intake = catalog.form('demo', 'intake')!;
const errorsIn = (locale: string, data: unknown) => {
  const result = intake.validate(data, errorLanguageFor(intake, catalog.translations('demo', locale), locale));
  if (result.valid) throw new Error('expected errors');
  return result.errors;
};
const invalid = { ...demoExample(), givenName: 42, familyName: undefined, dependents: [{ name: '', relationship: 'son' }] };

describe('Accept-Language negotiation', () => {
  const offered = ['en', 'es', 'ar'];
  it.each([
    ['es-MX,es;q=0.9,en;q=0.8', 'es'],
    ['ar', 'ar'],
    ['fr-CA, fr;q=0.9', 'en'],
    ['de;q=0.9, ar;q=0.2, es;q=0.5', 'es'],
    ['*', 'en'],
    ['', 'en'],
    ['es;q=0, ar', 'ar'],
    ['es;q=banana, ar;q=0.5', 'ar'],
  ])('%s → %s', (header, expected) => {
    expect(negotiateLocale(header, offered, 'en')).toBe(expected);
  });
});

describe('validation errors in the client\'s language', () => {
  it('English: the schema\'s titles', () => {
    expect(errorsIn('en', invalid)).toEqual(expect.arrayContaining([
      { pointer: '/familyName', message: 'Family name is required' },
      { pointer: '/givenName', message: 'Given name must be string' },
      { pointer: '/dependents/0/name', message: 'Name must NOT have fewer than 1 characters' },
    ]));
  });

  it('Spanish: translated titles and ajv-i18n messages, same pointers', () => {
    const errors = errorsIn('es', invalid);
    expect(errors).toContainEqual({ pointer: '/familyName', message: 'Apellido: este campo es obligatorio' });
    expect(errors).toContainEqual({ pointer: '/givenName', message: expect.stringMatching(/^Nombre: debe ser/) });
    expect(errors).toContainEqual({ pointer: '/dependents/0/name', message: expect.stringMatching(/^Nombre: no debe contener menos de 1 caracter/) });
  });

  it('Arabic: translated titles and messages', () => {
    const errors = errorsIn('ar', invalid);
    expect(errors).toContainEqual({ pointer: '/familyName', message: 'اسم العائلة: هذا الحقل مطلوب' });
    expect(errors.find((error) => error.pointer === '/givenName')!.message).toMatch(/^الاسم الأول: /);
  });

  it('a field the form does not define is named as such in the language', () => {
    expect(errorsIn('es', { ...demoExample(), color: 'azul' })).toEqual([{ pointer: '/color', message: 'no es un campo de este formulario' }]);
  });

  it('titles of fields reached through $ref come from the referring property', () => {
    const phq9 = catalog.form('demo', 'phq-9')!;
    const result = phq9.validate({ ...demoExample('phq-9'), q4: 7 }, errorLanguageFor(phq9, catalog.translations('demo', 'es'), 'es'));
    if (result.valid) throw new Error('expected errors');
    const messages = result.errors.filter((error) => error.pointer === '/q4').map((error) => error.message);
    expect(messages.length).toBeGreaterThan(0);
    for (const message of messages) expect(message).toMatch(/^Se ha sentido cansado\(a\) o con poca energía: /);
  });
});
