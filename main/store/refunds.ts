// Refunds (schema 20): one row per credit.created or charge.refunded event, tied to the sale it
// names, and the sale's refunded amount that the totals subtract.
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { systemNow } from './clock';
import type { FulfillmentFilter } from './fulfillment-filter';
import { createStatementRefunds, type SaleRefund } from './statement-refunds';

export type RefundKind = 'credit.created' | 'charge.refunded';

export interface NewRefund {
  eventId: number;
  kind: RefundKind;
  /** The sale it refunds; null when none could be found. */
  fulfillmentId: number | null;
  /** Minor units of the sale's currency; null when the event said no amount. */
  amount: number | null;
  currency: string | null;
  refundedAt: string;
  /** What the event named, kept for a sale recorded after it. */
  sessionId: number | null;
  transactions: string[];
}

export interface RefundsRepo {
  /**
   * Records the event's refund (the same event again replaces its own row, never adds one) and
   * sets what is refunded of the sale: the larger of the credit notes' and the processor's
   * refunds' sums (one refund often brings one of each), never more than the sale's amount.
   * Returns the sale's refunded amount, or null without a sale.
   */
  record(accountId: number, r: NewRefund): number | null;
  /**
   * A sale just recorded takes the refunds that named it but found no sale then (in its
   * currency, or none said); returns how many. Within the caller's transaction.
   */
  attachUnmatched(
    accountId: number,
    sale: { id: number; sessionId: number; transactionId: string | null; currency: string },
    options?: {
      /** Read the sale's refunded amount again even if none was attached (its amount changed). */
      recompute?: boolean;
    },
  ): number;
  /** Sales whose transaction id is `transaction` (at most a few). */
  salesByTransaction(accountId: number, transaction: string): number[];
  /**
   * Matched refunds dated in `f`'s from/to, of sales its other filters keep, newest refunded
   * first, read in batches (a bank statement's money out; see statement-refunds.ts).
   */
  iterateMatched(accountId: number, f: FulfillmentFilter): Generator<SaleRefund>;
}

const idRow = z.object({ id: z.number().int() });
const refundedRow = z.object({ refunded_amount: z.number().int() });

export function createRefundsRepo(db: Database, now: () => string = systemNow): RefundsRepo {
  const upsert = db.prepare(
    `INSERT INTO refunds (account_id, event_id, fulfillment_id, kind, amount, currency, refunded_at,
       session_id)
     VALUES (@accountId, @eventId, @fulfillmentId, @kind, @amount, @currency, @refundedAt,
       @sessionId)
     ON CONFLICT (event_id) DO UPDATE SET fulfillment_id = excluded.fulfillment_id,
       kind = excluded.kind, amount = excluded.amount, currency = excluded.currency,
       session_id = excluded.session_id
     RETURNING id`,
  );
  const previousSale = db
    .prepare('SELECT fulfillment_id FROM refunds WHERE event_id = ? AND account_id = ?')
    .pluck();
  const recompute = db.prepare(
    `UPDATE fulfillments SET refunded_amount = min(amount, max(
       (SELECT coalesce(sum(amount), 0) FROM refunds
         WHERE fulfillment_id = @id AND kind = 'credit.created'),
       (SELECT coalesce(sum(amount), 0) FROM refunds
         WHERE fulfillment_id = @id AND kind = 'charge.refunded')))
     WHERE account_id = @accountId AND id = @id`,
  );
  const selectRefunded = db.prepare(
    'SELECT refunded_amount FROM fulfillments WHERE account_id = ? AND id = ?',
  );
  // Run for every sale recorded: by session through the unmatched refunds' index, by transaction
  // through refund_transactions.
  const attachBySession = db.prepare(
    `UPDATE refunds SET fulfillment_id = @id
     WHERE account_id = @accountId AND session_id = @sessionId AND fulfillment_id IS NULL
       AND (currency IS NULL OR currency = @currency)`,
  );
  const attachByTransaction = db.prepare(
    `UPDATE refunds SET fulfillment_id = @id
     WHERE fulfillment_id IS NULL AND (currency IS NULL OR currency = @currency)
       AND id IN (SELECT refund_id FROM refund_transactions
                  WHERE account_id = @accountId AND transaction_id = @transaction)`,
  );
  const forgetTransactions = db.prepare('DELETE FROM refund_transactions WHERE refund_id = ?');
  const keepTransaction = db.prepare(
    `INSERT OR IGNORE INTO refund_transactions (account_id, transaction_id, refund_id)
     VALUES (?, ?, ?)`,
  );
  // Capped: a hostile body naming a transaction id many sales share reads a handful, not all.
  const byTransaction = db.prepare(
    `SELECT id FROM fulfillments WHERE account_id = ? AND transaction_id = ?
     ORDER BY id DESC LIMIT 5`,
  );
  const record = db.transaction((accountId: number, r: NewRefund): number | null => {
    const before = z
      .number()
      .int()
      .nullable()
      .optional()
      .parse(previousSale.get(r.eventId, accountId));
    const { id } = idRow.parse(
      upsert.get({
        accountId,
        eventId: r.eventId,
        fulfillmentId: r.fulfillmentId,
        kind: r.kind,
        amount: r.amount,
        currency: r.currency,
        refundedAt: r.refundedAt || now(),
        sessionId: r.sessionId,
      }),
    );
    forgetTransactions.run(id);
    for (const t of r.transactions) keepTransaction.run(accountId, t, id);
    if (before != null && before !== r.fulfillmentId) recompute.run({ accountId, id: before });
    if (r.fulfillmentId === null) return null;
    recompute.run({ accountId, id: r.fulfillmentId });
    return refundedRow.parse(selectRefunded.get(accountId, r.fulfillmentId)).refunded_amount;
  });
  const statement = createStatementRefunds(db);
  return {
    record: (accountId, r) => record(accountId, r),
    attachUnmatched(accountId, sale, options = {}) {
      const params = { accountId, id: sale.id, currency: sale.currency.toUpperCase() };
      let changes = attachBySession.run({ ...params, sessionId: sale.sessionId }).changes;
      if (sale.transactionId !== null && sale.transactionId !== '') {
        changes += attachByTransaction.run({ ...params, transaction: sale.transactionId }).changes;
      }
      if (changes > 0 || options.recompute === true) recompute.run({ accountId, id: sale.id });
      return changes;
    },
    salesByTransaction: (accountId, transaction) =>
      byTransaction.all(accountId, transaction).map((row) => idRow.parse(row).id),
    iterateMatched: (accountId, f) => statement.iterate(accountId, f),
  };
}
