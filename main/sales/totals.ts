// Totals for today / 7 / 30 days and revenue per day, per currency, in the merchant's local
// days. The store reads them from quarter-hour aggregates, so they cost the same at 100,000
// sales as at 100.
import type { CurrencyTotal, SalesChart, SalesTotals } from '../../preload/contract';
import type { Store } from '../store';
import { nextDay, zoneDay, zoneMidnight } from './time-zone';

const DAY_MS = 86_400_000;
const QUARTER_MS = 900_000;

/** The quarter hour (unix seconds / 900) an instant falls in; local midnights start one. */
function quarterOf(d: Date): number {
  return Math.floor(d.getTime() / QUARTER_MS);
}

export interface SalesWindow {
  now: Date;
  /** Minutes east of UTC; defaults to this process's local offset. */
  utcOffsetMinutes?: number | undefined;
  /**
   * The merchant's IANA zone: each day then starts at its own local midnight, also the days on
   * the other side of a clock change (where utcOffsetMinutes, today's offset, is an hour off).
   */
  timeZone?: string | undefined;
}

function offsetOf(w: SalesWindow): number {
  return w.utcOffsetMinutes ?? -w.now.getTimezoneOffset();
}

/** The UTC instant of local midnight `daysBack` days before today. */
function localMidnight(w: SalesWindow, daysBack: number): Date {
  if (w.timeZone !== undefined) {
    return zoneMidnight(nextDay(zoneDay(w.now, w.timeZone), -daysBack), w.timeZone);
  }
  const offsetMs = offsetOf(w) * 60_000;
  const localDay = Math.floor((w.now.getTime() + offsetMs) / DAY_MS) - daysBack;
  return new Date(localDay * DAY_MS - offsetMs);
}

/** Net `amount`; `refunded` only when something was. */
export function currencyTotal(
  currency: string,
  amount: number,
  count: number,
  refunded: number,
): CurrencyTotal {
  return refunded > 0 ? { currency, amount, count, refunded } : { currency, amount, count };
}

function sortTotals(map: Map<string, CurrencyTotal>): CurrencyTotal[] {
  return [...map.values()].sort(
    (a, b) => b.count - a.count || a.currency.localeCompare(b.currency),
  );
}

export function salesTotals(
  store: Pick<Store, 'sales'>,
  accountId: number,
  w: SalesWindow,
): SalesTotals {
  const todayAt = localMidnight(w, 0);
  const today = todayAt.toISOString();
  const rows = store.sales.windowTotals(accountId, {
    today: quarterOf(todayAt),
    week: quarterOf(localMidnight(w, 6)),
    month: quarterOf(localMidnight(w, 29)),
  });
  const buckets = { today: new Map(), days7: new Map(), days30: new Map() } as const;
  for (const r of rows) {
    const add = (
      m: Map<string, CurrencyTotal>,
      amount: number,
      count: number,
      refunded: number,
    ) => {
      if (count > 0) m.set(r.currency, currencyTotal(r.currency, amount, count, refunded));
    };
    add(buckets.today, r.todayAmount, r.todayCount, r.todayRefunded);
    add(buckets.days7, r.weekAmount, r.weekCount, r.weekRefunded);
    add(buckets.days30, r.monthAmount, r.monthCount, r.monthRefunded);
  }
  return {
    todayFrom: today,
    today: sortTotals(buckets.today),
    days7: sortTotals(buckets.days7),
    days30: sortTotals(buckets.days30),
  };
}

export function salesChart(
  store: Pick<Store, 'sales'>,
  accountId: number,
  w: SalesWindow,
): SalesChart {
  if (w.timeZone !== undefined) return zonedChart(store, accountId, w.timeZone, w.now);
  const offset = offsetOf(w);
  const from = localMidnight(w, 29);
  const rows = store.sales.dailyTotals(accountId, quarterOf(from), offset * 60);
  const days: SalesChart['days'] = [];
  const byDate = new Map<string, SalesChart['days'][number]>();
  for (let i = 0; i < 30; i++) {
    // Local calendar date of each day: shift the UTC midnight-instant by the offset back.
    const date = new Date(from.getTime() + i * DAY_MS + offset * 60_000).toISOString().slice(0, 10);
    const day = { date, amounts: {}, count: 0 };
    days.push(day);
    byDate.set(date, day);
  }
  const sales = new Map<string, number>();
  for (const r of rows) {
    const day = byDate.get(new Date(r.day * DAY_MS).toISOString().slice(0, 10));
    if (!day) continue; // a sale stamped in the future
    day.amounts[r.currency] = r.amount;
    day.count += r.n;
    sales.set(r.currency, (sales.get(r.currency) ?? 0) + r.n);
  }
  return { currencies: bySales(sales), days };
}

// Sales count, not amount, orders currencies: 1,000 yen and 1,000 cents are not comparable.
function bySales(sales: Map<string, number>): string[] {
  return [...sales.keys()].sort(
    (a, b) => (sales.get(b) ?? 0) - (sales.get(a) ?? 0) || a.localeCompare(b),
  );
}

/** The 30 days in `timeZone`, each read between its own midnights (30 reads of ~96 quarters). */
function zonedChart(
  store: Pick<Store, 'sales'>,
  accountId: number,
  timeZone: string,
  now: Date,
): SalesChart {
  const today = zoneDay(now, timeZone);
  const days: SalesChart['days'] = [];
  const sales = new Map<string, number>();
  let from = zoneMidnight(nextDay(today, -29), timeZone);
  for (let i = 29; i >= 0; i--) {
    const date = nextDay(today, -i);
    const to = zoneMidnight(nextDay(date), timeZone);
    const day: SalesChart['days'][number] = { date, amounts: {}, count: 0 };
    for (const r of store.sales.rangeTotals(accountId, quarterOf(from), quarterOf(to))) {
      day.amounts[r.currency] = r.amount;
      day.count += r.n;
      sales.set(r.currency, (sales.get(r.currency) ?? 0) + r.n);
    }
    days.push(day);
    from = to;
  }
  return { currencies: bySales(sales), days };
}
