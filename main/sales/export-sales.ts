// The sales an export writes: each with when the customer paid (where a webhook said), the
// customer's country and the net/tax split where the basis and rate are known, in paid-time
// order (newest first, like the screen), read from the store as they are written.
import type { Fulfillment } from '../../preload/contract';
import type { FulfillmentFilter, ReportedFulfillment, SaleReport, Store } from '../store';

export type ExportStore = Pick<Store, 'fulfillments' | 'sessions' | 'refunds'>;

export interface ExportSale extends Fulfillment {
  /** When the customer paid, as the webhook's `iat` says; null when no delivery carried it. */
  paidAt: string | null;
  /** paidAt, else receivedAt: what the export sorts and (for a bank statement) selects by. */
  at: string;
  /** ISO 3166 code from the webhook's contact, else the link's billing country. */
  country: string | null;
  /** Minor units; null where the amount's basis or the tax rate is unknown. */
  net: number | null;
  tax: number | null;
  gross: number | null;
}

const HOUR_MS = 3_600_000;
// Quaderno retries a failed delivery once within 48 hours and then drops the webhook
// (docs/quaderno-api.md, Webhooks): a sale is heard of at most that long after it was paid.
// The hour on each side is for Quaderno's clock against ours.
const LATEST_REPORT_MS = 49 * HOUR_MS;
const CLOCK_SKEW_MS = HOUR_MS;

// `iat` is Quaderno's stamp on the transaction (seconds since 1970; docs/quaderno-api.md, Event
// payloads), the nearest thing to a paid time anything stores. One that cannot be the paid time
// of a sale heard of at receivedAt is ignored rather than moving the sale to another day.
function paidTime(iat: SaleReport['iat'], receivedAt: string): string | null {
  const seconds = typeof iat === 'string' && /^\d+$/.test(iat) ? Number(iat) : iat;
  if (typeof seconds !== 'number' || !Number.isFinite(seconds)) return null;
  const paid = seconds * 1000;
  const heard = Date.parse(receivedAt);
  if (paid > heard + CLOCK_SKEW_MS || paid < heard - LATEST_REPORT_MS) return null;
  return new Date(paid).toISOString();
}

const COUNTRY = /^[A-Za-z]{2}$/;

/**
 * Net, tax and gross from the amount and its basis (see amountBasis in the store). Rounded to
 * the minor unit once per sale; Quaderno may round per item, so a cent can differ from its
 * invoice, which stays the reference.
 */
export function taxSplit(
  s: Pick<Fulfillment, 'amount' | 'taxIncluded' | 'taxRate'>,
): Pick<ExportSale, 'net' | 'tax' | 'gross'> {
  const rate = s.taxRate;
  if (s.taxIncluded === true) {
    if (rate === null || rate < 0) return { net: null, tax: null, gross: s.amount };
    const net = Math.round(s.amount / (1 + rate / 100));
    return { net, tax: s.amount - net, gross: s.amount };
  }
  if (s.taxIncluded === false) {
    if (rate === null || rate < 0) return { net: s.amount, tax: null, gross: null };
    const tax = Math.round((s.amount * rate) / 100);
    return { net: s.amount, tax, gross: s.amount + tax };
  }
  return { net: null, tax: null, gross: null };
}

// One copy, its added fields named: copied by rest and spread (or completed with Object.assign),
// a sale became a dictionary-mode object, ~5 KB of garbage a sale that grew a 1,000,000-sale
// export's memory by tens of MB (issue 16).
function exportSale(raw: ReportedFulfillment): ExportSale {
  const facts = raw.reported;
  const paidAt = paidTime(facts.iat, raw.receivedAt);
  const said = facts.eventCountry !== null && COUNTRY.test(facts.eventCountry);
  const country = said ? (facts.eventCountry?.toUpperCase() ?? null) : facts.linkCountry;
  const { net, tax, gross } = taxSplit(raw);
  return { ...raw, paidAt, at: paidAt ?? raw.receivedAt, country, net, tax, gross };
}

/** How the sales are chosen: as the screen does (by receivedAt), or by paid time. */
export interface SaleSelection {
  filter: FulfillmentFilter;
  byPaidTime: boolean;
}

/**
 * The store hands sales out newest heard-of first; a sale is paid at most LATEST_REPORT_MS
 * before it is heard of and at most CLOCK_SKEW_MS after. So a sale can leave the buffer once
 * the sales still to come were all heard of before it was paid (less the skew): the buffer
 * holds about two days of sales at worst, not the whole ledger.
 */
export function* salesByPaidTime(
  store: ExportStore,
  accountId: number,
  selection: SaleSelection,
): Generator<ExportSale> {
  const { filter, byPaidTime } = selection;
  const wanted = (s: ExportSale) =>
    !byPaidTime ||
    ((!filter.from || s.at >= iso(filter.from)) && (!filter.to || s.at < iso(filter.to)));
  const storeFilter = byPaidTime ? widened(filter) : filter;
  const pending: ExportSale[] = []; // newest paid first
  for (const raw of store.fulfillments.iterate(accountId, storeFilter)) {
    const heard = Date.parse(raw.receivedAt);
    while (pending.length > 0 && Date.parse(pending[0]!.at) > heard + CLOCK_SKEW_MS) {
      yield pending.shift()!;
    }
    const sale = exportSale(raw);
    if (wanted(sale)) insertByTime(pending, sale);
  }
  yield* pending;
}

const iso = (t: string) => new Date(t).toISOString();

function widened(f: FulfillmentFilter): FulfillmentFilter {
  const shift = (t: string | undefined, ms: number) =>
    t === undefined ? undefined : new Date(Date.parse(t) + ms).toISOString();
  const { from, to, ...rest } = f;
  const out: FulfillmentFilter = { ...rest };
  const earliest = shift(from, -CLOCK_SKEW_MS);
  const latest = shift(to, LATEST_REPORT_MS);
  if (earliest) out.from = earliest;
  if (latest) out.to = latest;
  return out;
}

// The buffer is short and mostly arrives in order: a walk from the end finds the place.
function insertByTime(list: ExportSale[], sale: ExportSale): void {
  let i = list.length;
  while (i > 0 && list[i - 1]!.at < sale.at) i -= 1;
  list.splice(i, 0, sale);
}
