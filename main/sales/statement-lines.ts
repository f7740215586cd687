// A bank statement's lines in date order, newest first: each sale as money in on the day it was
// paid, each matched refund as money out on the day it was refunded (refunded_at), both read
// from the store in batches as they are written, so a statement of 100,000s of sales stays flat.
import type { Fulfillment } from '../../preload/contract';
import type { FulfillmentFilter, RefundSums, SaleRefund } from '../store';
import { salesByPaidTime, taxSplit, type ExportSale, type ExportStore } from './export-sales';

/** A sale as a statement line names it: gross is what it booked in, where known. */
export type BookedSale = Fulfillment & Pick<ExportSale, 'gross'>;

export interface RefundLine {
  sale: BookedSale;
  /** Minor units of the sale's currency that went back, > 0. */
  amount: number;
}

export type StatementLine =
  | { at: string; sale: ExportSale; refund?: undefined }
  | { at: string; refund: RefundLine; sale?: undefined };

/**
 * What of the sale had gone back once its refunds summed to `sums`: the larger of the two
 * kinds' sums (one refund often brings a charge.refunded and a credit.created; see
 * store/refunds.ts), at most what its line booked in (the gross where known: the store caps at
 * the amount, which for a sale recorded before tax leaves the tax out of a full refund).
 */
function refundedBy(sums: RefundSums, bookedIn: number): number {
  return Math.max(0, Math.min(bookedIn, Math.max(sums.credit, sums.charge)));
}

/**
 * One line per refund row that raised what the sale had refunded, by that rise, on the row's own
 * day. So the two events of one refund make one line (the second raises nothing), two partial
 * refunds on two days make a line each, and a sale's lines sum to what it had refunded. Rows
 * that raise nothing (the other event of a refund, one without an amount) make no line.
 * Unmatched refunds are not read: without a sale there is no currency or sale to name, and
 * the totals do not count them either.
 */
export function* refundLines(
  store: ExportStore,
  accountId: number,
  filter: FulfillmentFilter,
): Generator<{ at: string; refund: RefundLine }> {
  for (const r of store.refunds.iterateMatched(accountId, filter)) {
    const sale = withGross(r);
    const bookedIn = sale.gross ?? sale.amount;
    const amount = refundedBy(r.after, bookedIn) - refundedBy(r.before, bookedIn);
    if (amount > 0) yield { at: r.refundedAt, refund: { sale, amount } };
  }
}

function withGross(r: SaleRefund): BookedSale {
  return { ...r.sale, gross: taxSplit(r.sale).gross };
}

/** Sales (by paid time) and refunds (by refund time) in `filter`'s range, newest first. */
export function* statementLines(
  store: ExportStore,
  accountId: number,
  filter: FulfillmentFilter,
): Generator<StatementLine> {
  const sales = salesByPaidTime(store, accountId, { filter, byPaidTime: true });
  const refunds = refundLines(store, accountId, filter);
  let sale = sales.next();
  let refund = refunds.next();
  for (;;) {
    if (!refund.done && (sale.done || refund.value.at >= sale.value.at)) {
      yield refund.value;
      refund = refunds.next();
    } else if (!sale.done) {
      yield { at: sale.value.at, sale: sale.value };
      sale = sales.next();
    } else {
      return;
    }
  }
}
