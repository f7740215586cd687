// The daily summary notification: yesterday's sales once a day at the merchant's chosen hour,
// whose click opens the desk filtered to that day. A laptop sleeps through hours and a single
// long timer would fire late or never, so a short tick reads the clock each time and asks
// "is it past the hour, and was yesterday not shown yet?". The day shown is kept on disk, so a
// restart the same morning does not show it again.
import { writeFileSync } from 'node:fs';
import { localTimeZone, type DaySummary, type Emit } from '../../preload/contract';
import { formatMoney } from '../../preload/money';
import type { CheckoutConsole } from '../console';
import type { NotificationLike, Notify } from './notifications';
import { readSmallText } from '../small-file';

/** The file in the data folder holding the last day summarised. */
export const SUMMARY_STATE_FILE = 'daily-summary.json';
/** How often the clock is read: a summary shows at most this late after the hour or a wake. */
export const SUMMARY_TICK_MS = 60_000;

/** Remembers the last day (YYYY-MM-DD) a summary was shown for. */
export interface SummaryMemory {
  lastShown(): string | null;
  remember(day: string): void;
}

export interface DailySummaryDeps {
  console: Pick<CheckoutConsole, 'invoke'>;
  emit: Emit;
  /** Null where the OS has no notifications: nothing is shown or remembered. */
  notify: Notify | null;
  showWindow(): void | Promise<void>;
  memory: SummaryMemory;
  now?: () => Date;
  /** Runs `tick` every `ms`; returns how to stop. Defaults to setInterval. */
  every?: (ms: number, tick: () => void) => () => void;
}

export interface DailySummary {
  /** Reads the clock and shows the summary if it is due (also call it on the OS's resume). */
  tick(): Promise<void>;
  stop(): void;
}

/**
 * The last day shown, kept in `file`; an unreadable file counts as none shown. A file that
 * cannot be written (a read-only data folder) keeps the day in memory: the summary is still
 * shown, once a day while the app runs, instead of the write failing every check for good.
 */
export function summaryMemoryFile(file: string): SummaryMemory {
  let kept: string | null = null;
  const saved = (): string | null => {
    try {
      const json: unknown = JSON.parse(readSmallText(file));
      const day = (json as { lastShown?: unknown } | null)?.lastShown;
      return typeof day === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(day) ? day : null;
    } catch {
      return null;
    }
  };
  return {
    lastShown() {
      const day = saved();
      return kept !== null && (day === null || kept > day) ? kept : day;
    },
    remember(day) {
      kept = day;
      try {
        writeFileSync(file, JSON.stringify({ lastShown: day }), { mode: 0o600 });
      } catch {
        // Kept in memory (above); the next start may show yesterday's once more.
      }
    },
  };
}

function money(amount: number, currency: string): string {
  try {
    return formatMoney(amount, currency);
  } catch {
    return `${amount} ${currency}`;
  }
}

/** "Yesterday: 6 sales" / "€72.00 · $13.00. Top: Course (€42.00). 6 to deliver." */
export function summaryNotificationText(s: DaySummary): { title: string; body: string } {
  const left = s.undelivered === 0 ? 'Nothing left to deliver.' : `${s.undelivered} to deliver.`;
  if (s.count === 0) return { title: 'Yesterday: no sales', body: left };
  // Net revenue; what was refunded of the day's sales beside it.
  const revenue = s.totals
    .map((t) =>
      t.refunded
        ? `${money(t.amount, t.currency)} (${money(t.refunded, t.currency)} refunded)`
        : money(t.amount, t.currency),
    )
    .join(' · ');
  const top = s.topProducts
    .map((p) => `${p.name ?? p.code} (${money(p.amount, p.currency)})`)
    .join(', ');
  return {
    title: `Yesterday: ${s.count} ${s.count === 1 ? 'sale' : 'sales'}`,
    body: [`${revenue}.`, top ? `Top: ${top}.` : '', left].filter(Boolean).join(' '),
  };
}

/** The local calendar day `daysBack` before `now`'s, in this process's time zone. */
function localDate(now: Date, daysBack: number): string {
  const d = new Date(now.getFullYear(), now.getMonth(), now.getDate() - daysBack);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function startDailySummary(deps: DailySummaryDeps): DailySummary {
  const now = deps.now ?? (() => new Date());
  const every =
    deps.every ??
    ((ms, fn) => {
      const timer = setInterval(fn, ms);
      return () => clearInterval(timer);
    });
  // Electron drops the click handler of a notification that was garbage collected.
  const showing = new Set<NotificationLike>();
  let stopped = false;
  let running: Promise<void> | null = null;

  async function due(): Promise<void> {
    if (!deps.notify) return;
    const at = now();
    const settings = await deps.console.invoke('settings.get', {}).catch(() => null);
    if (!settings?.dailySummary || at.getHours() < settings.summaryHour) return;
    const day = localDate(at, 1);
    const last = deps.memory.lastShown();
    if (last !== null && last >= day) return;
    // No account (or no ledger yet): nothing to sum up, and the day is not spent.
    // Yesterday's own offset (read at its noon), not this morning's: the night between may
    // have changed the clocks, and the day would then be summed an hour off.
    const noon = new Date(at.getFullYear(), at.getMonth(), at.getDate() - 1, 12);
    const summary = await deps.console
      .invoke('fulfillments.summary', {
        day,
        utcOffsetMinutes: -noon.getTimezoneOffset(),
        // The day itself may be the change (23 or 25 hours): main then reads it by the zone.
        ...localTimeZone(),
      })
      .catch(() => null);
    if (!summary || stopped) return;
    // Remembered before showing: a crash in between loses one summary rather than repeating it.
    deps.memory.remember(day);
    const notification = deps.notify(summaryNotificationText(summary));
    showing.add(notification);
    notification.on('click', () => {
      showing.delete(notification);
      void Promise.resolve(deps.showWindow())
        .catch(() => undefined)
        .then(() => deps.emit('desk.showDay', { from: day, to: day }));
    });
    notification.on('close', () => showing.delete(notification));
    notification.show();
  }

  // One check at a time, so a tick and a resume arriving together cannot both show it; one
  // arriving during a check runs after it, since the running check read an older clock.
  let again = false;
  function tick(): Promise<void> {
    if (stopped) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await due().catch(() => undefined);
      } while (again && !stopped);
      running = null;
    })();
    return running;
  }

  const cancel = every(SUMMARY_TICK_MS, () => void tick());
  void tick();
  return {
    tick,
    stop() {
      stopped = true;
      cancel();
      showing.clear();
    },
  };
}
