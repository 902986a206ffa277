import { calendarDate } from '../../domain/forms/calendar-date.ts';
import { humanize } from '../../domain/forms/humanize.ts';
import { fullName, type ClientIdentity } from '../../domain/forms/identity.ts';
import { html, type SafeHtml } from '../public-pages/html.ts';

/**
 * The client's identity facts as staff pages show them. Every fact is text the client typed: escaped by `html`, and
 * marked `dir="auto"` so an Arabic or Hebrew name reads right to left inside the English page.
 */

/** The name, with the name the client goes by when they gave one. */
export function clientName(identity: ClientIdentity | undefined): SafeHtml | undefined {
  const name = fullName(identity);
  if (!name) return undefined;
  return html`<bdi dir="auto">${name}</bdi>${identity?.preferredName ? html` <span class="preferred">(goes by <bdi dir="auto">${identity.preferredName}</bdi>)</span>` : undefined}`;
}

/** A date of birth written out, with the age on `today` (YYYY-MM-DD, the agency's day); the answer as given otherwise. */
export function birthFact(dateOfBirth: string | undefined, today: string): string | undefined {
  if (!dateOfBirth) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(dateOfBirth)) return dateOfBirth;
  const age = ageOn(dateOfBirth, today);
  return `${calendarDate(dateOfBirth, 'en')}${age !== undefined && age >= 0 ? ` (age ${age})` : ''}`;
}

/** Whole years between two YYYY-MM-DD days. */
export function ageOn(dateOfBirth: string, today: string): number | undefined {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  if ([by, bm, bd, ty, tm, td].some(Number.isNaN)) return undefined;
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

/** A language code in English words (`fr` → "French"); a value that is no language code humanized (`other` → "Other"). */
export function languageName(code: string | undefined): string | undefined {
  if (!code) return undefined;
  try {
    return new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' }).of(code) ?? humanize(code);
  } catch {
    return humanize(code);
  }
}

/** The key facts under a name in the case list: date of birth and age, and language. */
export function keyFacts(identity: ClientIdentity | undefined, today: string): string | undefined {
  const born = birthFact(identity?.dateOfBirth, today);
  const language = languageName(identity?.language);
  const facts = [born ? `Born ${born}` : undefined, language].filter((fact): fact is string => fact !== undefined);
  return facts.length > 0 ? facts.join(' · ') : undefined;
}

/** The case page's facts about the client, as `<dt>`/`<dd>` pairs of its facts list; nothing when none is known. */
export function identityFacts(identity: ClientIdentity | undefined, today: string): SafeHtml | undefined {
  if (!identity) return undefined;
  const typed = (value: string | undefined) => (value ? html`<bdi dir="auto">${value}</bdi>` : undefined);
  const rows: Array<[string, SafeHtml | string | undefined]> = [
    ['Name', typed(fullName(identity))],
    ['Preferred name', typed(identity.preferredName)],
    ['Date of birth', birthFact(identity.dateOfBirth, today)],
    ['Language', languageName(identity.language)],
    ['Phone', typed(identity.phone)],
    ['Email', typed(identity.email)],
    ['Address', typed(identity.address)],
  ];
  return html`${rows.filter(([, value]) => value !== undefined).map(([term, value]) => html`<dt>${term}</dt><dd>${value}</dd>`)}`;
}
