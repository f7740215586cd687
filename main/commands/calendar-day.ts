// A day typed as YYYY-MM-DD (`fulfillments --since/--until`, `summary --day`), taken only when
// it is on the calendar.
export interface CalendarDay {
  year: number;
  /** 0 to 11, as Date counts months. */
  month: number;
  day: number;
}

export const DAY_SHAPE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The day `text` names, or undefined for a mistyped one (2026-13-01, 2026-02-30). */
export function calendarDay(text: string): CalendarDay | undefined {
  const parts = DAY_SHAPE.exec(text);
  if (!parts) return undefined;
  const [year, month, day] = [Number(parts[1]), Number(parts[2]) - 1, Number(parts[3])];
  // Date rolls a day that does not exist over into another (2026-13-01 is 2027-01-01): a day it
  // leaves as it was is a real one.
  const at = new Date(Date.UTC(year, month, day));
  const same =
    at.getUTCFullYear() === year && at.getUTCMonth() === month && at.getUTCDate() === day;
  return same ? { year, month, day } : undefined;
}
