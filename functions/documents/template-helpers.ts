import type Handlebars from 'handlebars';

const LONG_DATE = new Intl.DateTimeFormat('en', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });

/**
 * Helpers every template may use. Their names must not shadow data fields (a helper wins over a field of the same
 * name, so `{{label}}` in the fields partial would call a helper called `label`). They return plain strings, which Handlebars escapes like any other value.
 * - `{{date value}}`: a YYYY-MM-DD calendar date written out ("March 15, 2027"); other values unchanged.
 * - `{{readable value}}`: a coded value made readable ("goals-met" → "Goals met").
 */
export function registerHelpers(handlebars: typeof Handlebars): void {
  handlebars.registerHelper('date', (value: unknown) => {
    if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
    return LONG_DATE.format(new Date(`${value}T00:00:00Z`));
  });
  handlebars.registerHelper('readable', (value: unknown) => {
    if (typeof value !== 'string') return value;
    const words = value.replace(/[-_]+/g, ' ').trim();
    return words.charAt(0).toUpperCase() + words.slice(1);
  });
}
