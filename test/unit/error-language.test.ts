import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../functions/domain/forms/catalog.ts';
import { errorLanguageFor } from '../../functions/domain/forms/error-language.ts';
import { negotiateLocale } from '../../functions/web/public-pages/accept-language.ts';
import { projectRoot } from '../../local/stack.ts';
import { formsDirWithHarbor } from '../support/harbor-pack.ts';
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
  it('English: the schema\'s titles, and what to do in plain words', () => {
    expect(errorsIn('en', invalid)).toEqual(expect.arrayContaining([
      { pointer: '/familyName', message: 'Family name: please fill this in' },
      { pointer: '/givenName', message: 'Given name: enter text here' },
      { pointer: '/dependents/0/name', message: 'Name: please fill this in' },
    ]));
  });

  it('Spanish: translated titles and caseforms\' Spanish words, same pointers', () => {
    const errors = errorsIn('es', invalid);
    expect(errors).toContainEqual({ pointer: '/familyName', message: 'Apellido: este campo es obligatorio' });
    expect(errors).toContainEqual({ pointer: '/givenName', message: 'Nombre: escriba un texto aquí' });
    expect(errors).toContainEqual({ pointer: '/dependents/0/name', message: 'Nombre: este campo es obligatorio' });
  });

  it('Arabic: translated titles and messages', () => {
    const errors = errorsIn('ar', invalid);
    expect(errors).toContainEqual({ pointer: '/familyName', message: 'اسم العائلة: هذا الحقل مطلوب' });
    expect(errors).toContainEqual({ pointer: '/givenName', message: 'الاسم الأول: اكتب نصاً هنا' });
  });

  it('a field the form does not define is named as such in the language', () => {
    expect(errorsIn('es', { ...demoExample(), color: 'azul' })).toEqual([{ pointer: '/color', message: 'Este formulario no pide esto; no lo incluya' }]);
  });

  it('titles of fields reached through $ref come from the referring property; a coded answer out of range is one message', () => {
    const phq9 = catalog.form('demo', 'phq-9')!;
    const result = phq9.validate({ ...demoExample('phq-9'), q4: 7 }, errorLanguageFor(phq9, catalog.translations('demo', 'es'), 'es'));
    if (result.valid) throw new Error('expected errors');
    expect(result.errors.filter((error) => error.pointer === '/q4')).toEqual([
      { pointer: '/q4', message: 'Se ha sentido cansado(a) o con poca energía: elija una de las opciones propuestas' },
    ]);
  });

  it('the pack\'s own message for a field replaces the default, in each language', () => {
    const phone = (locale: string) => errorsIn(locale, { ...demoExample(), contact: { phone: 'call me' } }).find((error) => error.pointer === '/contact/phone')?.message;
    expect(phone('en')).toBe('Phone: enter the number we can call you on, using digits, spaces and + ( ) - only');
    expect(phone('es')).toBe('Teléfono: escriba el número al que podemos llamarle, solo con cifras, espacios y + ( ) -');
    expect(phone('ar')).toBe('الهاتف: أدخل الرقم الذي يمكننا الاتصال بك عليه، بالأرقام والمسافات و + ( ) - فقط');
  });
});

describe('a second pack (Harbor Tenant Aid: English and French)', () => {
  const harbor = loadCatalog(formsDirWithHarbor());
  const form = harbor.form('harbor', 'intake')!;
  const example = (form.schema.examples as Array<Record<string, unknown>>)[0]!;
  const errorsOf = (locale: string, data: unknown) => {
    const result = form.validate(data, errorLanguageFor(form, harbor.translations('harbor', locale), locale));
    if (result.valid) throw new Error('expected errors');
    return result.errors;
  };
  const bad = {
    ...example, fullName: '', phone: '12', assistanceType: 'rent', householdSize: 40, consent: false,
    eviction: { noticeReceivedOn: 'last week', noticeKind: 'court-summons' },
  };

  it('English: every failing field, in plain words, the pack\'s own messages first', () => {
    expect(errorsOf('en', bad)).toEqual(expect.arrayContaining([
      { pointer: '/fullName', message: 'Full name: please fill this in' },
      { pointer: '/phone', message: 'Phone number: enter a number where an advocate can call you, using digits, spaces and + ( ) -' },
      { pointer: '/assistanceType', message: 'What do you need help with?: choose one of the options given' },
      { pointer: '/householdSize', message: 'People in your home: for more than 20 people, call us instead' },
      { pointer: '/consent', message: 'I agree that Harbor Tenant Aid may contact me about my request: tick this box to go on' },
      { pointer: '/eviction/noticeReceivedOn', message: 'When did you get the notice?: enter a date, such as 2026-03-31' },
      { pointer: '/eviction/hearingDate', message: 'Hearing date: please fill this in' },
    ]));
  });

  it('French: the same fields, French titles and words, the pack\'s messages translated', () => {
    const errors = errorsOf('fr', bad);
    expect(errors).toEqual(expect.arrayContaining([
      { pointer: '/fullName', message: 'Nom complet : ce champ est obligatoire' },
      { pointer: '/phone', message: 'Numéro de téléphone : saisissez un numéro où un conseiller peut vous appeler, avec des chiffres, des espaces et + ( ) -' },
      { pointer: '/assistanceType', message: "De quoi avez-vous besoin ? : choisissez l'une des options proposées" },
      { pointer: '/householdSize', message: 'Personnes dans votre logement : pour plus de 20 personnes, appelez-nous plutôt' },
      { pointer: '/consent', message: "J'accepte que Harbor Tenant Aid me contacte au sujet de ma demande : cochez cette case pour continuer" },
      { pointer: '/eviction/noticeReceivedOn', message: "Quand avez-vous reçu l'avis ? : saisissez une date, par exemple 2026-03-31" },
      { pointer: '/eviction/hearingDate', message: "Date de l'audience : ce champ est obligatoire" },
    ]));
    expect(errors.map((error) => error.pointer).sort()).toEqual(errorsOf('en', bad).map((error) => error.pointer).sort());
  });

  it('a regional variant (fr-CA) reads the French words', () => {
    const [first] = errorsOf('fr-CA', { ...example, fullName: '' });
    expect(first!.message).toBe('Full name : ce champ est obligatoire');
  });
});
