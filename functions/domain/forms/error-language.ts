import type { Form } from './catalog.ts';
import { fieldMessages, messageKey } from './field-messages.ts';
import { titledFields } from './field-titles.ts';
import type { Translations } from './translations.ts';

/** The language a client reads errors in: a locale, and the form's field titles and own messages in it. */
export interface ErrorLanguage {
  readonly locale: string;
  /** The field's title in this language, by the data pointer of the field (array indexes as `-`). */
  title(fieldPointer: string): string | undefined;
  /** The pack's own message (x-caseforms `errors`) for the field and keyword in this language, if it has one. */
  message(fieldPointer: string, keyword: string): string | undefined;
}

export const ENGLISH: ErrorLanguage = { locale: 'en', title: () => undefined, message: () => undefined };

/** `/dependents/0/name` → `/dependents/-/name`: translations name a field once for every array entry. */
export function fieldPointer(dataPointer: string): string {
  return dataPointer.replace(/\/\d+(?=\/|$)/g, '/-');
}

interface OwnWords {
  readonly titles: ReadonlyMap<string, string>;
  readonly messages: ReadonlyMap<string, string>;
}

const ownWords = new WeakMap<object, OwnWords>();

function ownWordsOf(schema: Record<string, unknown>): OwnWords {
  let own = ownWords.get(schema);
  if (!own) {
    own = {
      titles: new Map(titledFields(schema)),
      messages: new Map(fieldMessages(schema).map(({ pointer, keyword, message }) => [messageKey(pointer, keyword), message])),
    };
    ownWords.set(schema, own);
  }
  return own;
}

/**
 * Errors about `form` in `locale`. With a locale file (`translations`), its titles and messages; a field it does
 * not title keeps the schema's title, but a message it does not translate falls back to caseforms' default in the
 * client's language rather than to the schema's words in another one (lint reports the gap). Without one (the
 * pack's default locale), the schema's own titles and messages.
 */
export function errorLanguageFor(form: Form, translations: Translations | undefined, locale: string): ErrorLanguage {
  const own = ownWordsOf(form.schema);
  if (!translations) return { locale, title: (pointer) => own.titles.get(pointer), message: (pointer, keyword) => own.messages.get(messageKey(pointer, keyword)) };
  const translated = translations.forms?.[form.formId]?.fields ?? {};
  return {
    locale,
    title: (pointer) => translated[pointer] ?? own.titles.get(pointer),
    message: (pointer, keyword) => translated[messageKey(pointer, keyword)],
  };
}
