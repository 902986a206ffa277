import type Handlebars from 'handlebars';
import { calendarDate } from '../forms/calendar-date.ts';

type HelperOptions = { data?: { root?: { lang?: string; strings?: Record<string, unknown> } }; hash?: Record<string, unknown> };

/**
 * Helpers every template may use. Their names must not shadow data fields (a helper wins over a field of the same
 * name, so `{{label}}` in the fields partial would call a helper called `label`). They return plain strings, which Handlebars escapes like any other value.
 * - `{{date value}}`: a YYYY-MM-DD calendar date written out in the document's language ("March 15, 2027",
 *   "15 de marzo de 2027"); other values unchanged.
 * - `{{readable value}}`: a coded value made readable ("goals-met" → "Goals met").
 * - `{{t "key" name=value}}`: the document's string for `key` (dotted for nested), `{name}` replaced by the value.
 * - `{{concat a b}}`: the values joined, e.g. to build a key: `{{t (concat "reasons." answers.reasonCategory)}}`.
 */
export function registerHelpers(handlebars: typeof Handlebars): void {
  handlebars.registerHelper('date', (value: unknown, options: HelperOptions) => {
    if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
    return calendarDate(value, options.data?.root?.lang ?? 'en');
  });
  handlebars.registerHelper('t', (key: unknown, options: HelperOptions) => {
    let value: unknown = options.data?.root?.strings;
    for (const part of String(key).split('.')) value = (value as Record<string, unknown> | undefined)?.[part];
    if (typeof value !== 'string') return String(key);
    return value.replace(/\{(\w+)\}/g, (match, name: string) => (options.hash && name in options.hash ? String(options.hash[name]) : match));
  });
  handlebars.registerHelper('concat', (...args: unknown[]) => args.slice(0, -1).map(String).join(''));
  handlebars.registerHelper('readable', (value: unknown) => {
    if (typeof value !== 'string') return value;
    const words = value.replace(/[-_]+/g, ' ').trim();
    return words.charAt(0).toUpperCase() + words.slice(1);
  });
}
