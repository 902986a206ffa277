import type { ErrorObject } from 'ajv/dist/2020.js';
import type { Form } from './catalog.ts';
import { titledFields } from './field-titles.ts';
// Written by scripts/precompile-validators.ts: ajv-i18n's languages for the locales the agencies serve.
import { localizers } from './generated/error-localizers.js';
import type { Translations } from './translations.ts';

/** The language a client reads errors in: a locale and the form's field titles translated into it. */
export interface ErrorLanguage {
  readonly locale: string;
  /** The field's title in this language, by the data pointer of the field (array indexes as `-`). */
  title(fieldPointer: string): string | undefined;
}

export const ENGLISH: ErrorLanguage = { locale: 'en', title: () => undefined };

/** Phrases caseforms words itself; every other message comes from ajv-i18n in the same language. */
interface Phrases {
  readonly required: (title: string) => string;
  readonly notAField: string;
  /** A box that must be ticked (`const: true`), such as a consent, was not. */
  readonly mustAgree: (title: string) => string;
  /** A field's title joined to a message about it. */
  readonly field: (title: string, message: string) => string;
}

const labelled = (title: string, message: string) => `${title}: ${message}`;
const phrases: Record<string, Phrases> = {
  en: { required: (title) => `${title} is required`, notAField: 'is not a field of this form', mustAgree: (title) => `${title}: tick this box to go on`, field: (title, message) => `${title} ${message}` },
  es: { required: (title) => `${title}: este campo es obligatorio`, notAField: 'no es un campo de este formulario', mustAgree: (title) => `${title}: marque esta casilla para continuar`, field: labelled },
  ar: { required: (title) => `${title}: هذا الحقل مطلوب`, notAField: 'ليس حقلاً في هذا النموذج', mustAgree: (title) => `${title}: ضع علامة في هذا المربع للمتابعة`, field: labelled },
  fr: { required: (title) => `${title} : ce champ est obligatoire`, notAField: "n'est pas un champ de ce formulaire", mustAgree: (title) => `${title} : cochez cette case pour continuer`, field: (title, message) => `${title} : ${message}` },
};

/**
 * ajv-i18n's closest language, among those generated for the agencies' locales: `pt-BR` as is, `es-MX` as `es`.
 * A locale no agency serves keeps ajv's English messages.
 */
function localizerFor(locale: string): ((errors: ErrorObject[]) => void) | undefined {
  return localizers.get(locale) ?? localizers.get(locale.split('-')[0]!);
}

/** caseforms' own phrases in the language, or English ones joined with a colon around the localized ajv message. */
export function phrasesFor(locale: string): Phrases {
  return phrases[locale] ?? phrases[locale.split('-')[0]!] ?? { ...phrases.en!, field: labelled };
}

/** Rewrites ajv's messages in place into the language (ajv-i18n), leaving English untouched. */
export function localizeMessages(errors: ErrorObject[], locale: string): void {
  localizerFor(locale)?.(errors);
}

/** `/dependents/0/name` → `/dependents/-/name`: translations name a field once for every array entry. */
export function fieldPointer(dataPointer: string): string {
  return dataPointer.replace(/\/\d+(?=\/|$)/g, '/-');
}

const ownTitles = new WeakMap<object, ReadonlyMap<string, string>>();

/** Errors about `form` in `locale`: the agency's translated titles first, the schema's own titles otherwise. */
export function errorLanguageFor(form: Form, translations: Translations | undefined, locale: string): ErrorLanguage {
  let own = ownTitles.get(form.schema);
  if (!own) {
    own = new Map(titledFields(form.schema));
    ownTitles.set(form.schema, own);
  }
  const translated = translations?.forms?.[form.formId]?.fields ?? {};
  return { locale, title: (pointer) => translated[pointer] ?? own.get(pointer) };
}
