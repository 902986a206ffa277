import { calendarDate } from '../../domain/forms/calendar-date.ts';
import { humanize } from '../../domain/forms/humanize.ts';
import { fullName, type ClientIdentity } from '../../domain/forms/identity.ts';
import { html, type SafeHtml } from '../public-pages/html.ts';
import type { StaffLanguage } from './staff-words.ts';

/**
 * The client's identity facts as staff pages show them. Every fact is text the client typed: escaped by `html`, and
 * marked `dir="auto"` so an Arabic or Hebrew name reads right to left inside the English page.
 */

/** The name, with the name the client goes by when they gave one. */
export function clientName(identity: ClientIdentity | undefined, language: StaffLanguage): SafeHtml | undefined {
  const name = fullName(identity);
  if (!name) return undefined;
  const goesBy = (preferred: string) => language.words('staffClient').h('goesBy', { name: html`<bdi dir="auto">${preferred}</bdi>` });
  return html`<bdi dir="auto">${name}</bdi>${identity?.preferredName ? html` <span class="preferred">(${goesBy(identity.preferredName)})</span>` : undefined}`;
}

/** A date of birth written out, with the age on `today` (YYYY-MM-DD, the agency's day); the answer as given otherwise. */
export function birthFact(dateOfBirth: string | undefined, today: string, language: StaffLanguage): string | undefined {
  if (!dateOfBirth) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(dateOfBirth)) return dateOfBirth;
  const age = ageOn(dateOfBirth, today);
  const date = calendarDate(dateOfBirth, language.locale);
  return age !== undefined && age >= 0 ? language.words('staffClient').t('age', { date, age }) : date;
}

/** Whole years between two YYYY-MM-DD days. */
export function ageOn(dateOfBirth: string, today: string): number | undefined {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  if ([by, bm, bd, ty, tm, td].some(Number.isNaN)) return undefined;
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

/** A language code in the reader's words (`fr` → "French", "francés"); a value that is no language code humanized. */
export function languageName(code: string | undefined, reader: string): string | undefined {
  if (!code) return undefined;
  try {
    return new Intl.DisplayNames([reader], { type: 'language', fallback: 'none' }).of(code) ?? humanize(code);
  } catch {
    return humanize(code);
  }
}

/** The key facts under a name in the case list: date of birth and age, and language. */
export function keyFacts(identity: ClientIdentity | undefined, today: string, reader: StaffLanguage): string | undefined {
  const born = birthFact(identity?.dateOfBirth, today, reader);
  const language = languageName(identity?.language, reader.locale);
  const facts = [born ? reader.words('staffClient').t('born', { date: born }) : undefined, language].filter((fact): fact is string => fact !== undefined);
  return facts.length > 0 ? facts.join(' · ') : undefined;
}

/** The case page's facts about the client, as `<dt>`/`<dd>` pairs of its facts list; nothing when none is known. */
export function identityFacts(identity: ClientIdentity | undefined, today: string, reader: StaffLanguage): SafeHtml | undefined {
  if (!identity) return undefined;
  const words = reader.words('staffClient');
  const typed = (value: string | undefined) => (value ? html`<bdi dir="auto">${value}</bdi>` : undefined);
  const rows: Array<[string, SafeHtml | string | undefined]> = [
    [words.t('name'), typed(fullName(identity))],
    [words.t('preferredName'), typed(identity.preferredName)],
    [words.t('dateOfBirth'), birthFact(identity.dateOfBirth, today, reader)],
    [words.t('language'), languageName(identity.language, reader.locale)],
    [words.t('phone'), typed(identity.phone)],
    [words.t('email'), typed(identity.email)],
    [words.t('address'), typed(identity.address)],
  ];
  return html`${rows.filter(([, value]) => value !== undefined).map(([term, value]) => html`<dt>${term}</dt><dd>${value}</dd>`)}`;
}
