/** A calendar day (YYYY-MM-DD) as the reader writes dates: "December 20, 2026", "20 de diciembre de 2026". */
export function readableDay(date: string, locale: string): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(year, month - 1, day)));
}
