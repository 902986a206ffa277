/** Milliseconds the wall clock in `timeZone` is ahead of UTC at `instant` (negative west of Greenwich). */
function offsetMs(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(new Date(instant));
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)!.value);
  const wall = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
  return wall - Math.floor(instant / 1000) * 1000;
}

const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;

/**
 * The instant at which the wall clock in `timeZone` reads `localDateTime` (`YYYY-MM-DDThh:mm:ss`, no offset): what
 * EventBridge Scheduler means by `at(localDateTime)` with that ScheduleExpressionTimezone. The offset is taken twice
 * because the first guess can land on the other side of a daylight-saving change.
 */
export function zonedInstant(localDateTime: string, timeZone: string): Date {
  const wall = LOCAL_DATE_TIME.test(localDateTime) ? Date.parse(`${localDateTime}Z`) : Number.NaN;
  if (Number.isNaN(wall)) throw new RangeError(`not a local date and time: ${JSON.stringify(localDateTime)}`);
  const first = offsetMs(wall, timeZone);
  const second = offsetMs(wall - first, timeZone);
  return new Date(wall - second);
}
