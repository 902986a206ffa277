import type { ClientIdentity } from '../forms/identity.ts';
import { caseReference } from './case-reference.ts';

/** The shortest query word the index answers: one letter would read a whole agency's share of the index. */
export const MIN_WORD = 2;
/** Scripts written without spaces, where one character is a name part ("王" is a family name): searched from one. */
const IDEOGRAPHIC = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
/** Names of those scripts are short: every ending of one this long or shorter is a term, so "小明" finds "王小明". */
const IDEOGRAPHIC_NAME = 10;

/**
 * The characters of a term that name its index partition: its first two, or its first one in an ideographic script.
 * A word shorter than that cannot be searched.
 */
export function partitionPrefix(term: string): string | undefined {
  const characters = Array.from(term);
  const length = IDEOGRAPHIC.test(term) ? 1 : MIN_WORD;
  return characters.length >= length ? characters.slice(0, length).join('') : undefined;
}
/**
 * The fewest digits a phone search takes. Every ending of a number from this length up is a term, so a local number
 * finds one stored with its area or country code (at most 15 digits: nine terms).
 */
const PHONE_TAIL = 7;

/**
 * Text as the index compares it: accents dropped (NFKD, combining marks removed), lower-case, split on anything that
 * is not a letter or a digit. Letters of every script stay, so Arabic and CJK names are found as typed.
 */
export function normalizedWords(text: string): string[] {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').normalize('NFC').toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((word) => word.length > 0);
}

const digitsOf = (text: string) => text.replace(/\D/g, '');

/** Every term a case is found by: its client's name parts, preferred name, phone digits, email and reference. */
export function caseSearchTerms(caseId: string, identity: ClientIdentity | undefined): string[] {
  const terms = new Set<string>([caseReference(caseId).toLowerCase()]);
  for (const text of [identity?.name, identity?.givenName, identity?.familyName, identity?.preferredName]) {
    for (const word of normalizedWords(text ?? '')) {
      terms.add(word);
      const characters = Array.from(word);
      if (IDEOGRAPHIC.test(word) && characters.length <= IDEOGRAPHIC_NAME) characters.forEach((_, start) => terms.add(characters.slice(start).join('')));
    }
  }
  const phone = digitsOf(identity?.phone ?? '');
  if (phone.length >= PHONE_TAIL) {
    for (let length = PHONE_TAIL; length <= phone.length; length += 1) terms.add(phone.slice(-length));
  }
  const email = identity?.email?.trim().toLowerCase();
  if (email) terms.add(email);
  return [...terms].filter((term) => partitionPrefix(term) !== undefined);
}

/**
 * The words of what staff typed, each to be found at the start of some term of a case: an email is one word, a
 * phone number (digits and punctuation only) is its digits, anything else its normalized words.
 */
export function searchWords(query: string): string[] {
  const typed = query.trim();
  if (typed.includes('@')) return [typed.toLowerCase()];
  if (!/\p{L}/u.test(typed) && digitsOf(typed).length >= PHONE_TAIL) return [digitsOf(typed)];
  return [...new Set(normalizedWords(typed))].filter((word) => partitionPrefix(word) !== undefined);
}

/** Whether a case's current terms answer every word: index entries left by an older identity never show a case. */
export function termsMatch(terms: readonly string[], words: readonly string[]): boolean {
  return words.length > 0 && words.every((word) => terms.some((term) => term.startsWith(word)));
}
