// Every date and time the renderer shows, in the merchant's locale and one way: a chart's day
// reads like the date inputs beside it ("Nov 29" in en-US, "29. Nov." in de-DE), never a
// hand-built "29/11". Formatters are cached: Intl.DateTimeFormat is slow to construct and
// the desk formats thousands of rows.

type Options = Intl.DateTimeFormatOptions;

/** A day: "Nov 29" (chart ticks). */
const DAY: Options = { day: 'numeric', month: 'short' };
/** A day with its weekday: "Sat, Nov 29" (the chart's tooltip). */
const WEEKDAY: Options = { weekday: 'short', day: 'numeric', month: 'short' };
/**
 * A time of day: "14:05" or "2:05 PM", as the locale writes it, and as DATE_TIME writes its
 * time (2-digit hours made "04:38 AM" in a row beside "4:38 AM" in a link's date).
 */
const TIME: Options = { timeStyle: 'short' };
/** A date and time: "Nov 29, 2026, 2:05 PM" (when a link was made). */
const DATE_TIME: Options = { dateStyle: 'medium', timeStyle: 'short' };
/** A moment in full, seconds included (a title, an event's detail). */
const FULL: Options = { dateStyle: 'medium', timeStyle: 'medium' };

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The page's language (Electron sets it from the OS); the runtime's default otherwise. */
function locale(): string | undefined {
  return typeof navigator === 'undefined' ? undefined : navigator.language || undefined;
}

function formatter(options: Options): Intl.DateTimeFormat {
  const lang = locale();
  const key = `${lang ?? ''}|${JSON.stringify(options)}`;
  let cached = formatters.get(key);
  if (!cached) {
    cached = new Intl.DateTimeFormat(lang, options);
    formatters.set(key, cached);
  }
  return cached;
}

function parse(iso: string): Date | null {
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? null : at;
}

/** A calendar day given as `YYYY-MM-DD` (the chart's days): that day, local midnight. */
function calendarDay(date: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return null;
  return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
}

/** "Nov 29" for a `YYYY-MM-DD` day. */
export function dayLabel(date: string): string {
  const day = calendarDay(date);
  return day ? formatter(DAY).format(day) : date;
}

/** "Sat, Nov 29" for a `YYYY-MM-DD` day. */
export function weekdayLabel(date: string): string {
  const day = calendarDay(date);
  return day ? formatter(WEEKDAY).format(day) : date;
}

/** Today's moments show their time; older ones their day and time. */
export function shortTime(iso: string, now = new Date()): string {
  const at = parse(iso);
  if (!at) return iso;
  const time = formatter(TIME).format(at);
  return at.toDateString() === now.toDateString() ? time : `${formatter(DAY).format(at)}, ${time}`;
}

/** The moment in full, for a title or a detail; "—" when there is none. */
export function fullTime(iso: string | null): string {
  if (!iso) return '—';
  const at = parse(iso);
  return at ? formatter(FULL).format(at) : iso;
}

/** "Nov 29, 2026, 2:05 PM": a moment on another day, to the minute. */
export function dateTime(iso: string): string {
  const at = parse(iso);
  return at ? formatter(DATE_TIME).format(at) : iso;
}

/** "just now", "5 min ago", then the time as shortTime writes it; "never" when there is none. */
export function relativeTime(iso: string | null, now = Date.now()): string {
  if (!iso) return 'never';
  const at = parse(iso);
  if (!at) return iso;
  const seconds = Math.max(0, Math.round((now - at.getTime()) / 1000));
  if (seconds < 60) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  return shortTime(iso, new Date(now));
}
