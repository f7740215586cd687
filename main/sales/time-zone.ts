// Local days in the merchant's IANA time zone, daylight saving included: a day runs from its own
// midnight to the next (23 or 25 hours on a clock-change day), where a fixed offset read once
// would move the first or last hour of some days into another.

const DAY_MS = 86_400_000;

// Building an Intl.DateTimeFormat costs far more than using one: one per zone.
const formats = new Map<string, Intl.DateTimeFormat>();
function formatIn(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formats.set(timeZone, format);
  }
  return format;
}

/** Minutes east of UTC in `timeZone` at instant `ms`. */
export function zoneOffsetMinutes(timeZone: string, ms: number): number {
  const parts = formatIn(timeZone).formatToParts(new Date(ms));
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
  return Math.round((wall - Math.floor(ms / 1000) * 1000) / 60_000);
}

/** The UTC instant `day` (YYYY-MM-DD) starts at in `timeZone`, daylight saving included. */
export function zoneMidnight(day: string, timeZone: string): Date {
  const wall = Date.parse(`${day}T00:00:00.000Z`);
  // The offset at the guess, then at the instant it gives: right on both sides of a change.
  const first = wall - zoneOffsetMinutes(timeZone, wall) * 60_000;
  const start = new Date(wall - zoneOffsetMinutes(timeZone, first) * 60_000);
  // Where the clocks skip midnight itself (Chile), that is the evening before: the day then
  // starts when the skip ends, which the first guess is.
  return zoneDay(start, timeZone) === day ? start : new Date(first);
}

/** The day `days` after `day` (before, when negative), as YYYY-MM-DD. */
export function nextDay(day: string, days = 1): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The calendar day (YYYY-MM-DD) instant `at` falls on in `timeZone`. */
export function zoneDay(at: Date, timeZone: string): string {
  return new Date(at.getTime() + zoneOffsetMinutes(timeZone, at.getTime()) * 60_000)
    .toISOString()
    .slice(0, 10);
}
