// One local day's sales for the daily summary and `checkout-console summary`: count and revenue
// per currency from the quarter-hour aggregates (the same figures as the desk's chart), the top
// product per currency from that day's sales, and what is still to deliver.
import type { CurrencyTotal, DaySummary, Fulfillment, TopProduct } from '../../preload/contract';
import type { Store } from '../store';
import { nextDay, zoneMidnight, zoneOffsetMinutes } from './time-zone';
import { currencyTotal } from './totals';

const DAY_MS = 86_400_000;
const QUARTER_MS = 900_000;

export interface DayQuery {
  /** YYYY-MM-DD; left out: the day before `now`'s local day. */
  day?: string | undefined;
  /** Minutes east of UTC; defaults to this process's local offset at `now`. */
  utcOffsetMinutes?: number | undefined;
  /**
   * The merchant's IANA zone: the day then runs between its own local midnights, whatever the
   * offset (a daylight-saving day is 23 or 25 hours), and utcOffsetMinutes is not used.
   */
  timeZone?: string | undefined;
  now: Date;
}

/** The local calendar day `daysBack` days before the one `now` falls in, as YYYY-MM-DD. */
export function localDay(now: Date, utcOffsetMinutes: number, daysBack = 0): string {
  const shifted = now.getTime() + utcOffsetMinutes * 60_000 - daysBack * DAY_MS;
  return new Date(shifted).toISOString().slice(0, 10);
}

/** The UTC instants a local day starts and ends at (a fixed offset: no DST inside the day). */
export function dayBounds(day: string, utcOffsetMinutes: number): { from: Date; to: Date } {
  const from = new Date(Date.parse(`${day}T00:00:00.000Z`) - utcOffsetMinutes * 60_000);
  return { from, to: new Date(from.getTime() + DAY_MS) };
}

interface ProductTally extends TopProduct {
  latest: string;
}

/**
 * Each product's share of a sale: quantity × unit price where both sides said it; what is left of
 * the sale's amount is shared equally by the products whose price nobody reported. A refund
 * takes its part off every share alike (revenue is net, as the day's totals are).
 */
function shares(
  sale: Fulfillment,
): Array<{ code: string; name: string | null; amount: number; quantity: number }> {
  const priced = sale.products.map((p) =>
    typeof p.unitAmount === 'number' ? p.unitAmount * (p.quantity ?? 1) : null,
  );
  const unpriced = priced.filter((a) => a === null).length;
  const known = priced.reduce<number>((sum, a) => sum + (a ?? 0), 0);
  const rest = unpriced > 0 ? Math.max(0, sale.amount - known) / unpriced : 0;
  const kept =
    sale.amount > 0 ? 1 - Math.min(sale.refundedAmount ?? 0, sale.amount) / sale.amount : 1;
  return sale.products.map((p, i) => ({
    code: p.code,
    name: p.name,
    amount: (priced[i] ?? rest) * kept,
    quantity: p.quantity ?? 1,
  }));
}

function topProducts(sales: Iterable<Fulfillment>, currencies: string[]): TopProduct[] {
  const byCurrency = new Map<string, Map<string, ProductTally>>();
  for (const sale of sales) {
    const tallies = byCurrency.get(sale.currency) ?? new Map<string, ProductTally>();
    byCurrency.set(sale.currency, tallies);
    for (const share of shares(sale)) {
      const t = tallies.get(share.code);
      if (!t) {
        tallies.set(share.code, { ...share, currency: sale.currency, latest: sale.receivedAt });
        continue;
      }
      t.amount += share.amount;
      t.quantity += share.quantity;
      if (share.name !== null && sale.receivedAt >= t.latest) {
        t.name = share.name;
        t.latest = sale.receivedAt;
      }
    }
  }
  const top: TopProduct[] = [];
  for (const currency of currencies) {
    const best = [...(byCurrency.get(currency)?.values() ?? [])].sort(
      (a, b) => b.amount - a.amount || b.quantity - a.quantity || a.code.localeCompare(b.code),
    )[0];
    if (best) {
      const { latest: _latest, ...product } = best;
      top.push({ ...product, amount: Math.round(product.amount) });
    }
  }
  return top;
}

export function daySummary(
  store: Pick<Store, 'sales' | 'fulfillments'>,
  accountId: number,
  q: DayQuery,
): DaySummary {
  const zone = q.timeZone;
  const offset =
    zone === undefined
      ? (q.utcOffsetMinutes ?? -q.now.getTimezoneOffset())
      : zoneOffsetMinutes(zone, q.now.getTime());
  const day = q.day ?? localDay(q.now, offset, 1);
  const { from, to } =
    zone === undefined
      ? dayBounds(day, offset)
      : { from: zoneMidnight(day, zone), to: zoneMidnight(nextDay(day), zone) };
  const rows = store.sales.rangeTotals(
    accountId,
    Math.floor(from.getTime() / QUARTER_MS),
    Math.floor(to.getTime() / QUARTER_MS),
  );
  const totals: CurrencyTotal[] = rows
    .map((r) => currencyTotal(r.currency, r.amount, r.n, r.refunded))
    .sort((a, b) => b.count - a.count || a.currency.localeCompare(b.currency));
  // Products, amounts and currencies only: not what the reports said, which the export reads.
  const sales = store.fulfillments.iterateBare(accountId, {
    from: from.toISOString(),
    to: to.toISOString(),
  });
  return {
    day,
    from: from.toISOString(),
    to: to.toISOString(),
    count: totals.reduce((n, t) => n + t.count, 0),
    totals,
    topProducts: topProducts(
      sales,
      totals.map((t) => t.currency),
    ),
    undelivered: store.fulfillments.countNew(accountId),
  };
}
