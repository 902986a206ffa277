/** An instant as the agency's wall clock reads it, `YYYY-MM-DD hh:mm`: what staff typed, and what they read back. */
export function agencyClock(instant: unknown, timeZone: string): string {
  if (typeof instant !== 'string' || Number.isNaN(Date.parse(instant))) return '—';
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
  }).formatToParts(new Date(instant));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)!.value;
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`;
}
