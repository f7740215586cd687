// The refunds a bank statement books as money out: matched refunds whose refund time is in the
// statement's range, of sales the desk's other filters keep, newest refunded first, each with its
// sale and what the sale's two kinds of refund had summed to before and after it.
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import type { Fulfillment } from '../../preload/contract-live';
import { fulfillmentWhere, type FulfillmentFilter } from './fulfillment-filter';
import { FULFILLMENT_COLUMNS, toFulfillment } from './fulfillment-row';
import { createFulfillmentSearch } from './fulfillment-search';
import type { RefundKind } from './refunds';

/** Sums of a sale's refunds by kind (minor units; a refund without an amount counts 0). */
export interface RefundSums {
  credit: number;
  charge: number;
}

export interface SaleRefund {
  refundId: number;
  kind: RefundKind;
  refundedAt: string;
  /** The sale it refunds. */
  sale: Fulfillment;
  /** The sale's refunds up to this one (by refund time, then id), without it and with it. */
  before: RefundSums;
  after: RefundSums;
}

const refundRow = z.object({
  refund_id: z.number().int(),
  refund_kind: z.enum(['credit.created', 'charge.refunded']),
  refund_at: z.string(),
  refund_amount: z.number().int().nullable(),
  credit_to: z.number().int(),
  charge_to: z.number().int(),
});

/** Refunds read per statement (see iterate). */
const READ_BATCH = 500;

// What the sale's refunds of one kind summed to up to this refund: the sale's own few rows, by
// refunds_by_sale.
const sumTo = (kind: RefundKind) => `(SELECT coalesce(sum(q.amount), 0) FROM refunds AS q
    WHERE q.fulfillment_id = picked.sale_id AND q.kind = '${kind}' AND q.id <= @lastId
      AND (q.refunded_at, q.id) <= (picked.refund_at, picked.refund_id))`;

export interface StatementRefunds {
  /**
   * Matched refunds with refunded_at in [from, to) of sales `f`'s other filters keep, newest
   * first; unmatched ones are left out (no sale to say what was refunded or in which currency).
   */
  iterate(accountId: number, f: FulfillmentFilter): Generator<SaleRefund>;
}

export function createStatementRefunds(db: Database): StatementRefunds {
  const searchSales = createFulfillmentSearch(db);
  const newestId = db.prepare<[], number>('SELECT max(id) FROM refunds').pluck();
  return {
    // In batches below the last refund read, never one open statement (see newestFirst in
    // fulfillment-query.ts: an open iterator stops the receiver on this connection). Refunds
    // recorded once the reading began are left out, as sales are.
    *iterate(accountId, f) {
      const { from, to, ...saleFilter } = f;
      // Inside EXISTS, unqualified names are the sale's (the innermost table), as the filters say.
      const where = fulfillmentWhere(searchSales, accountId, saleFilter);
      const batch = db.prepare(
        `WITH picked AS (
           SELECT id AS refund_id, fulfillment_id AS sale_id, kind AS refund_kind,
             refunded_at AS refund_at, amount AS refund_amount
           FROM refunds
           WHERE account_id = @accountId AND fulfillment_id IS NOT NULL AND id <= @lastId
             AND refunded_at >= @refundFrom AND refunded_at < @refundTo
             AND (refunded_at, id) < (@beforeAt, @beforeId)
             AND EXISTS (SELECT 1 FROM fulfillments
                         WHERE fulfillments.id = refunds.fulfillment_id AND ${where.sql})
           ORDER BY refunded_at DESC, id DESC LIMIT @size)
         SELECT ${FULFILLMENT_COLUMNS}, picked.refund_id, picked.refund_kind, picked.refund_at,
           picked.refund_amount, ${sumTo('credit.created')} AS credit_to,
           ${sumTo('charge.refunded')} AS charge_to
         FROM picked JOIN fulfillments ON fulfillments.id = picked.sale_id
         ORDER BY picked.refund_at DESC, picked.refund_id DESC`,
      );
      const range = {
        refundFrom: from === undefined ? '' : new Date(from).toISOString(),
        refundTo: to === undefined ? '\uffff' : new Date(to).toISOString(),
      };
      const lastId = newestId.get() ?? 0;
      let before = { beforeAt: '\uffff', beforeId: 0 };
      for (;;) {
        const rows: unknown[] = batch.all({
          ...where.params,
          accountId,
          ...range,
          lastId,
          ...before,
          size: READ_BATCH,
        });
        for (const row of rows) {
          const r = refundRow.parse(row);
          const own = r.refund_amount ?? 0;
          const after = { credit: r.credit_to, charge: r.charge_to };
          yield {
            refundId: r.refund_id,
            kind: r.refund_kind,
            refundedAt: r.refund_at,
            sale: toFulfillment(row),
            before: {
              credit: after.credit - (r.refund_kind === 'credit.created' ? own : 0),
              charge: after.charge - (r.refund_kind === 'charge.refunded' ? own : 0),
            },
            after,
          };
        }
        if (rows.length < READ_BATCH) return;
        const last = refundRow.parse(rows.at(-1));
        before = { beforeAt: last.refund_at, beforeId: last.refund_id };
      }
    },
  };
}
