import english from '../../../templates/default/locales/en.json' with { type: 'json' };
import type { TemplateLibrary } from '../../domain/documents/templates.ts';
import { directionOf } from '../../domain/forms/text-direction.ts';
import { escapeHtml, SafeHtml } from '../public-pages/html.ts';

type English = typeof english;

/**
 * A part of the staff pages' words: a `staff…` section of `templates/<folder>/locales/<locale>.json`, so an agency
 * translates its staff pages (or words them its own way) in its pack's template folder, as it does its documents'.
 */
export type StaffSection = { [K in keyof English]: K extends `staff${string}` ? K : never }[keyof English];
export type WordKey<S extends StaffSection> = keyof English[S] & string;
/** `cases.one` / `cases.other` (and Arabic's `zero`, `two`, `few`, `many`) are one plural word, `cases`. */
type PluralKey<K> = K extends `${infer Base}.other` ? Base : never;
type Values = Readonly<Record<string, string | number>>;

/** One section's words in the reader's language: English where the locale leaves a word out. */
export interface Words<S extends StaffSection> {
  readonly locale: string;
  /** The word, with `{name}` filled from `values`. */
  t(key: WordKey<S>, values?: Values): string;
  /** The word as markup: its own text escaped, and SafeHtml values (a link inside a sentence) kept as they are. */
  h(key: WordKey<S>, values: Readonly<Record<string, string | number | SafeHtml>>): SafeHtml;
  /** The plural form for `count` by the locale's rules (Intl.PluralRules), `{count}` filled in. */
  n(key: PluralKey<WordKey<S>>, count: number, values?: Values): string;
  /** A word chosen at run time (a state, a document type): undefined when no locale has it. */
  maybe(key: string, values?: Values): string | undefined;
}

/** The staff pages' language for one reader: which locale, its direction, and its words by section. */
export interface StaffLanguage {
  readonly locale: string;
  readonly dir: 'ltr' | 'rtl';
  words<S extends StaffSection>(section: S): Words<S>;
}

const fill = (text: string, values: Values | undefined) => (values ? text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole)) : text);

export function staffLanguage(templates: TemplateLibrary | undefined, agencyId: string, locale: string): StaffLanguage {
  const plurals = new Intl.PluralRules(locale);
  // A page asks for a section's words per row (a case list: per client): each section is put together once per reader.
  const sections = new Map<StaffSection, unknown>();
  return {
    locale,
    dir: directionOf(locale),
    words<S extends StaffSection>(section: S): Words<S> {
      if (!sections.has(section)) sections.set(section, sectionWords<S>({ ...english[section], ...(templates?.strings(agencyId, section, locale) ?? {}) }, locale, plurals));
      return sections.get(section) as Words<S>;
    },
  };
}

/** A section's words over the built-in English ones: a word missing from every file still reads as English, never as a key. */
function sectionWords<S extends StaffSection>(strings: Readonly<Record<string, unknown>>, locale: string, plurals: Intl.PluralRules): Words<S> {
  const word = (key: string) => (typeof strings[key] === 'string' ? (strings[key] as string) : undefined);
  return {
    locale,
    t: (key, values) => fill(word(key) ?? key, values),
    h: (key, values) => new SafeHtml((word(key) ?? key).split(/(\{\w+\})/).map((part) => {
      const name = /^\{(\w+)\}$/.exec(part)?.[1];
      if (name === undefined || !(name in values)) return escapeHtml(part);
      const value = values[name]!;
      return value instanceof SafeHtml ? value.text : escapeHtml(value);
    }).join('')),
    n: (key, count, values) => fill(word(`${key}.${plurals.select(count)}`) ?? word(`${key}.other`) ?? key, { count, ...values }),
    maybe: (key, values) => {
      const found = word(key);
      return found === undefined ? undefined : fill(found, values);
    },
  };
}

/** English, for pages shown before anyone is known (and tests that render a page alone). */
export const ENGLISH: StaffLanguage = staffLanguage(undefined, '', 'en');
