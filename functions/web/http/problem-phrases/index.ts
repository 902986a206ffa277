import { ar } from './ar.ts';
import { en } from './en.ts';
import { es } from './es.ts';
import { fr } from './fr.ts';
import type { ProblemPhrases } from './types.ts';

export type { ProblemPhrases } from './types.ts';

/** The languages problem answers are worded in: the same as validation errors (forms/error-messages/). */
export const problemPhrases: Readonly<Record<string, ProblemPhrases>> = { en, es, ar, fr };

type Texts = ProblemPhrases['texts'];
export type PhraseKey = keyof Texts;

/** A sentence of the catalog and what fills it in, worded only once the answer's language is known. */
export interface Phrase<K extends PhraseKey = PhraseKey> {
  readonly key: K;
  readonly args: Parameters<Texts[K]>;
}

export function phrase<K extends PhraseKey>(key: K, ...args: Parameters<Texts[K]>): Phrase<K> {
  return { key, args };
}

/** The closest language: `fr-CA` as `fr`; one caseforms does not speak gets English. */
export function problemPhrasesFor(locale: string): ProblemPhrases {
  return problemPhrases[locale] ?? problemPhrases[locale.split('-')[0]!.toLowerCase()] ?? en;
}

export function wordPhrase(text: Phrase, locale: string): string {
  const word = problemPhrasesFor(locale).texts[text.key] as (...args: readonly unknown[]) => string;
  return word(...text.args);
}
