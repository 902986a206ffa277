/**
 * A termination must give the client proper notice: the notice date is the day the notice is issued in the
 * agency's time zone (set by the server, never typed in), and the effective date may be no earlier than the notice
 * date plus the agency's minimum notice period. Dates are calendar days (YYYY-MM-DD), compared as such.
 */
export interface NoticeCheck {
  readonly noticeDate: string;
  readonly earliestEffectiveDate: string;
  readonly ok: boolean;
}

/** The calendar date at `now` in `timeZone`, as YYYY-MM-DD. */
export function localDate(now: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${part('year')}-${part('month')}-${part('day')}`;
}

export function addDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

export function checkNoticePeriod(now: Date, timeZone: string, minimumDays: number, effectiveDate: string): NoticeCheck {
  const noticeDate = localDate(now, timeZone);
  const earliestEffectiveDate = addDays(noticeDate, minimumDays);
  return { noticeDate, earliestEffectiveDate, ok: effectiveDate >= earliestEffectiveDate };
}

/** The same calendar day `years` later (29 February becomes 1 March). */
export function addYears(date: string, years: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year + years, month - 1, day)).toISOString().slice(0, 10);
}
