import { ar } from './ar.ts';
import { en } from './en.ts';
import { es } from './es.ts';
import { fr } from './fr.ts';
import type { ErrorMessages } from './types.ts';

export type { ErrorMessages } from './types.ts';

/** Every language caseforms words validation errors in: every locale of the shipped packs, and French for Harbor. */
export const errorMessages: Readonly<Record<string, ErrorMessages>> = { en, es, ar, fr };

/** The closest language: `fr-CA` as `fr`; a language caseforms does not word errors in gets English. */
export function errorMessagesFor(locale: string): ErrorMessages {
  return errorMessages[locale] ?? errorMessages[locale.split('-')[0]!.toLowerCase()] ?? en;
}
