// Schema 20: refunds. A credit.created (a credit note) or charge.refunded event is kept as a
// refund row, tied to the sale it names when one is found (fulfillment_id NULL until then), one
// row per stored event however often it is processed; a sale recorded later takes the unmatched
// refunds that named it. The sale keeps what was refunded of
// it (refunded_amount, minor units, never above its amount) and the quarter-hour aggregates keep
// it beside the gross amount, so totals, the chart and the summary read net revenue.
// One refund often brings both events (the processor's charge.refunded, then Quaderno's credit
// note): the sale's refunded amount is the larger of the two kinds' sums, not their total.
export const sql = `
CREATE TABLE refunds (
  id             INTEGER PRIMARY KEY,
  account_id     INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  event_id       INTEGER NOT NULL UNIQUE,
  fulfillment_id INTEGER REFERENCES fulfillments (id) ON DELETE SET NULL,
  kind           TEXT    NOT NULL,
  amount         INTEGER,
  currency       TEXT,
  refunded_at    TEXT    NOT NULL,
  -- What the event named, for a sale recorded after it (sync after a missed webhook); the
  -- transaction ids it named are rows of refund_transactions.
  session_id     INTEGER
) STRICT;
-- The processor transaction ids a refund named, one row each, looked up by equality as each sale
-- is recorded: credit notes for invoices outside checkout stay unmatched for good, and reading a
-- JSON list of them for every sale cost 17 ms a sale with 10,000 of them.
CREATE TABLE refund_transactions (
  account_id     INTEGER NOT NULL,
  transaction_id TEXT    NOT NULL,
  refund_id      INTEGER NOT NULL REFERENCES refunds (id) ON DELETE CASCADE,
  PRIMARY KEY (account_id, transaction_id, refund_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX refund_transactions_by_refund ON refund_transactions (refund_id);
CREATE INDEX refunds_by_sale ON refunds (fulfillment_id) WHERE fulfillment_id IS NOT NULL;
-- A bank statement's money out: the matched refunds of a date range, newest first.
CREATE INDEX refunds_by_time ON refunds (account_id, refunded_at, id)
  WHERE fulfillment_id IS NOT NULL;
CREATE INDEX refunds_unmatched ON refunds (account_id, session_id) WHERE fulfillment_id IS NULL;
CREATE INDEX fulfillments_transaction ON fulfillments (account_id, transaction_id)
  WHERE transaction_id IS NOT NULL;
ALTER TABLE fulfillments ADD COLUMN refunded_amount INTEGER NOT NULL DEFAULT 0;
ALTER TABLE fulfillment_quarters ADD COLUMN refunded INTEGER NOT NULL DEFAULT 0;
DROP TRIGGER fulfillment_quarters_insert;
DROP TRIGGER fulfillment_quarters_delete;
DROP TRIGGER fulfillment_quarters_update;
CREATE TRIGGER fulfillment_quarters_insert AFTER INSERT ON fulfillments BEGIN
  INSERT INTO fulfillment_quarters (account_id, quarter, currency, amount, count, refunded)
  VALUES (new.account_id, coalesce(unixepoch(new.received_at) / 900, 0), new.currency, new.amount,
    1, min(new.refunded_amount, new.amount))
  ON CONFLICT DO UPDATE SET amount = amount + excluded.amount, count = count + 1,
    refunded = refunded + excluded.refunded;
END;
CREATE TRIGGER fulfillment_quarters_delete AFTER DELETE ON fulfillments BEGIN
  UPDATE fulfillment_quarters SET amount = amount - old.amount, count = count - 1,
    refunded = refunded - min(old.refunded_amount, old.amount)
  WHERE account_id = old.account_id AND currency = old.currency
    AND quarter = coalesce(unixepoch(old.received_at) / 900, 0);
END;
CREATE TRIGGER fulfillment_quarters_update
AFTER UPDATE OF account_id, received_at, currency, amount, refunded_amount ON fulfillments
WHEN old.account_id IS NOT new.account_id OR old.received_at IS NOT new.received_at
  OR old.currency IS NOT new.currency OR old.amount IS NOT new.amount
  OR old.refunded_amount IS NOT new.refunded_amount
BEGIN
  UPDATE fulfillment_quarters SET amount = amount - old.amount, count = count - 1,
    refunded = refunded - min(old.refunded_amount, old.amount)
  WHERE account_id = old.account_id AND currency = old.currency
    AND quarter = coalesce(unixepoch(old.received_at) / 900, 0);
  INSERT INTO fulfillment_quarters (account_id, quarter, currency, amount, count, refunded)
  VALUES (new.account_id, coalesce(unixepoch(new.received_at) / 900, 0), new.currency, new.amount,
    1, min(new.refunded_amount, new.amount))
  ON CONFLICT DO UPDATE SET amount = amount + excluded.amount, count = count + 1,
    refunded = refunded + excluded.refunded;
END;
`;
