/**
 * A YYYY-MM-DD calendar date as the reader writes dates ("December 19, 2026", "19 de diciembre de 2026"), at UTC
 * midnight so that no time zone moves it a day. Documents, emails and problem answers all write dates with it.
 */
export function calendarDate(value: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${value}T00:00:00Z`));
}
