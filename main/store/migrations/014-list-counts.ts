// Schema 14: how many sales and links a list holds, without counting them (issue 16). At
// 1,000,000 sales, `count(*)` over an account's index took 230 ms for the desk's first page,
// 80 ms for the sales still to deliver and 2 s for new sales in one currency (one table read per
// sale): the total was most of every unsearched page. Triggers keep one row per account, status
// and currency (sales) or account and status (links); a list with no search and no dates sums a
// few of them. Schema 2's fulfillment_quarters lacks the status, and its 70,000 rows a year are
// too many to sum per page.
export const sql = `
CREATE TABLE fulfillment_counts (
  account_id INTEGER NOT NULL,
  status     TEXT    NOT NULL,
  currency   TEXT    NOT NULL,
  count      INTEGER NOT NULL,
  PRIMARY KEY (account_id, status, currency)
) STRICT, WITHOUT ROWID;
INSERT INTO fulfillment_counts (account_id, status, currency, count)
  SELECT account_id, status, currency, count(*) FROM fulfillments
  GROUP BY account_id, status, currency;
CREATE TRIGGER fulfillment_counts_insert AFTER INSERT ON fulfillments BEGIN
  INSERT INTO fulfillment_counts (account_id, status, currency, count)
  VALUES (new.account_id, new.status, new.currency, 1)
  ON CONFLICT DO UPDATE SET count = count + 1;
END;
CREATE TRIGGER fulfillment_counts_delete AFTER DELETE ON fulfillments BEGIN
  UPDATE fulfillment_counts SET count = count - 1
  WHERE account_id = old.account_id AND status = old.status AND currency = old.currency;
END;
CREATE TRIGGER fulfillment_counts_update AFTER UPDATE OF account_id, status, currency ON fulfillments
WHEN old.account_id IS NOT new.account_id OR old.status IS NOT new.status
  OR old.currency IS NOT new.currency
BEGIN
  UPDATE fulfillment_counts SET count = count - 1
  WHERE account_id = old.account_id AND status = old.status AND currency = old.currency;
  INSERT INTO fulfillment_counts (account_id, status, currency, count)
  VALUES (new.account_id, new.status, new.currency, 1)
  ON CONFLICT DO UPDATE SET count = count + 1;
END;

CREATE TABLE session_counts (
  account_id INTEGER NOT NULL,
  status     TEXT    NOT NULL,
  count      INTEGER NOT NULL,
  PRIMARY KEY (account_id, status)
) STRICT, WITHOUT ROWID;
INSERT INTO session_counts (account_id, status, count)
  SELECT account_id, status, count(*) FROM sessions GROUP BY account_id, status;
CREATE TRIGGER session_counts_insert AFTER INSERT ON sessions BEGIN
  INSERT INTO session_counts (account_id, status, count) VALUES (new.account_id, new.status, 1)
  ON CONFLICT DO UPDATE SET count = count + 1;
END;
CREATE TRIGGER session_counts_delete AFTER DELETE ON sessions BEGIN
  UPDATE session_counts SET count = count - 1
  WHERE account_id = old.account_id AND status = old.status;
END;
-- Only when the status really changed: every upsert rewrites it.
CREATE TRIGGER session_counts_update AFTER UPDATE OF account_id, status ON sessions
WHEN old.account_id IS NOT new.account_id OR old.status IS NOT new.status
BEGIN
  UPDATE session_counts SET count = count - 1
  WHERE account_id = old.account_id AND status = old.status;
  INSERT INTO session_counts (account_id, status, count) VALUES (new.account_id, new.status, 1)
  ON CONFLICT DO UPDATE SET count = count + 1;
END;
`;
