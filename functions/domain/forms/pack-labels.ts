import type { Translations } from './translations.ts';

/**
 * Words of one form in the reader's language, by translation key; undefined keeps the schema's own (English or
 * whatever the agency wrote the form in). Keys are those of `locales/<locale>.json` → `forms.<formId>.fields`:
 * - `/a/b`: a field's title, by the JSON Pointer of its value (array entries `-`);
 * - `/a/b#<value>`: an option's title (`oneOf` const titles and `optionTitles` alike);
 * - `/a/b:help`: a field's help;
 * - `scores/<scoreId>` and `scores/<scoreId>#<band label>`: a score's title and its bands' labels;
 * - `flags/<flagId>`: a risk flag's title;
 * - `''` (the empty key): the form's own title, from `forms.<formId>.title`.
 * Pointers start with `/`, so the `scores/` and `flags/` keys can never name a field.
 */
export type Labels = (key: string) => string | undefined;

/** A pack's words in one locale, form by form. */
export type PackLabels = (formId: string) => Labels;

export const untranslated: Labels = () => undefined;

export function formLabels(translations: Translations | undefined, formId: string): Labels {
  const own = translations?.forms?.[formId];
  if (!own) return untranslated;
  return (key) => (key === '' ? own.title : own.fields?.[key]);
}

/**
 * The pack's words in `locale`. The default locale has no locale file: the schemas are written in it, so every
 * lookup falls through to the schema's words.
 */
export function packLabels(translationsOf: (locale: string) => Translations | undefined, locale: string): PackLabels {
  const translations = translationsOf(locale);
  return (formId) => formLabels(translations, formId);
}

export const scoreTitle = (labels: Labels, scoreId: string, fallback: string): string => labels(`scores/${scoreId}`) ?? fallback;

export const bandLabel = (labels: Labels, scoreId: string, band: string | undefined): string | undefined =>
  band === undefined ? undefined : labels(`scores/${scoreId}#${band}`) ?? band;

export const flagTitle = (labels: Labels, flagId: string, fallback: string): string => labels(`flags/${flagId}`) ?? fallback;
