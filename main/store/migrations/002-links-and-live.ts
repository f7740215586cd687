// Schema 2: checkout sessions (links), received webhook events, fulfilments, the
// activity log, the webhooks this console owns, and sync runs. Money is integer
// minor units plus an ISO currency. Secrets (webhook auth keys) never live here.
export const sql = `
-- One row per Quaderno checkout session the console knows: made by it (origin 'console')
-- or learnt from the API or a webhook (origin 'remote').
CREATE TABLE sessions (
  account_id          INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  id                  INTEGER NOT NULL,
  status              TEXT    NOT NULL CHECK (status IN ('pending', 'processing', 'completed', 'failed', 'abandoned', 'deleted')),
  origin              TEXT    NOT NULL CHECK (origin IN ('console', 'remote')),
  fingerprint         TEXT,
  permalink           TEXT    NOT NULL,
  customer_email      TEXT,
  customer_first_name TEXT,
  customer_last_name  TEXT,
  customer_company    TEXT,
  customer_country    TEXT,
  items_json          TEXT    NOT NULL,
  total_amount        INTEGER NOT NULL,
  currency            TEXT,
  metadata_json       TEXT    NOT NULL DEFAULT '{}',
  created_at          TEXT    NOT NULL,
  updated_at          TEXT    NOT NULL,
  reuse_count         INTEGER NOT NULL DEFAULT 0,
  last_reused_at      TEXT,
  PRIMARY KEY (account_id, id)
) STRICT;
CREATE INDEX sessions_fingerprint ON sessions (account_id, fingerprint) WHERE fingerprint IS NOT NULL;
CREATE INDEX sessions_status ON sessions (account_id, status, id DESC);
CREATE INDEX sessions_created ON sessions (account_id, created_at DESC);
CREATE INDEX sessions_email ON sessions (account_id, customer_email);

-- Every webhook delivery that reached the receiver, committed before it is acknowledged.
-- verification: 'valid' (signature matched), 'invalid' (quarantined), 'confirmed' (signature
-- did not match but the API confirmed the sale).
CREATE TABLE webhook_events (
  id             INTEGER PRIMARY KEY,
  account_id     INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  received_at    TEXT    NOT NULL,
  body           TEXT    NOT NULL,
  body_sha256    TEXT    NOT NULL,
  headers_json   TEXT    NOT NULL,
  event_type     TEXT,
  session_id     INTEGER,
  business_key   TEXT,
  verification   TEXT    NOT NULL CHECK (verification IN ('valid', 'invalid', 'confirmed')),
  reason         TEXT,
  processed_at   TEXT,
  process_error  TEXT,
  fulfillment_id INTEGER
) STRICT;
CREATE UNIQUE INDEX webhook_events_body ON webhook_events (account_id, body_sha256);
CREATE UNIQUE INDEX webhook_events_business_key ON webhook_events (account_id, business_key)
  WHERE business_key IS NOT NULL AND verification IN ('valid', 'confirmed');
CREATE INDEX webhook_events_received ON webhook_events (account_id, received_at DESC);
CREATE INDEX webhook_events_unprocessed ON webhook_events (account_id) WHERE processed_at IS NULL;

-- One sale to deliver per completed session, whichever reported it first (webhook or sync);
-- a later report enriches the same row.
CREATE TABLE fulfillments (
  id                INTEGER PRIMARY KEY,
  account_id        INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  session_id        INTEGER NOT NULL,
  permalink         TEXT,
  customer_email    TEXT,
  customer_name     TEXT,
  products_json     TEXT    NOT NULL DEFAULT '[]',
  description       TEXT,
  amount            INTEGER NOT NULL,
  currency          TEXT    NOT NULL CHECK (length(currency) = 3),
  tax_name          TEXT,
  tax_rate          REAL,
  transaction_id    TEXT,
  gateway           TEXT,
  source            TEXT    NOT NULL CHECK (source IN ('webhook', 'sync', 'api_confirmed')),
  signature_warning INTEGER NOT NULL DEFAULT 0 CHECK (signature_warning IN (0, 1)),
  event_id          INTEGER REFERENCES webhook_events (id) ON DELETE SET NULL,
  status            TEXT    NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'fulfilled')),
  received_at       TEXT    NOT NULL,
  fulfilled_at      TEXT,
  note              TEXT,
  UNIQUE (account_id, session_id)
) STRICT;
CREATE INDEX fulfillments_received ON fulfillments (account_id, received_at DESC, id DESC);
CREATE INDEX fulfillments_status ON fulfillments (account_id, status, received_at DESC);
CREATE INDEX fulfillments_email ON fulfillments (account_id, customer_email);
CREATE INDEX fulfillments_currency ON fulfillments (account_id, currency, received_at);

-- The desk's search box: substring matches over 100,000 sales without a table scan. Trigrams
-- make any fragment of 3+ characters an index lookup. One contentless column per sale (the
-- searched fields, one per line; product codes and names without the JSON around them) keeps
-- the index small; the triggers keep it in step (account deletes cascade through them too).
CREATE VIRTUAL TABLE fulfillments_search USING fts5(
  text, content = '', contentless_delete = 1, tokenize = 'trigram'
);
CREATE TRIGGER fulfillments_search_insert AFTER INSERT ON fulfillments BEGIN
  INSERT INTO fulfillments_search (rowid, text) VALUES (new.id, concat_ws(char(10),
    new.customer_email, new.customer_name, new.description, new.transaction_id,
    (SELECT group_concat(concat_ws(' ', p.value ->> 'code', p.value ->> 'name'), char(10))
     FROM json_each(CASE WHEN json_valid(new.products_json) THEN new.products_json ELSE '[]' END) AS p)));
END;
CREATE TRIGGER fulfillments_search_delete AFTER DELETE ON fulfillments BEGIN
  DELETE FROM fulfillments_search WHERE rowid = old.id;
END;
-- Only when a searched column really changed: the receiver rewrites every column on enrich.
CREATE TRIGGER fulfillments_search_update AFTER UPDATE OF customer_email, customer_name, description, transaction_id, products_json ON fulfillments
WHEN old.customer_email IS NOT new.customer_email OR old.customer_name IS NOT new.customer_name
  OR old.description IS NOT new.description OR old.transaction_id IS NOT new.transaction_id
  OR old.products_json IS NOT new.products_json
BEGIN
  DELETE FROM fulfillments_search WHERE rowid = old.id;
  INSERT INTO fulfillments_search (rowid, text) VALUES (new.id, concat_ws(char(10),
    new.customer_email, new.customer_name, new.description, new.transaction_id,
    (SELECT group_concat(concat_ws(' ', p.value ->> 'code', p.value ->> 'name'), char(10))
     FROM json_each(CASE WHEN json_valid(new.products_json) THEN new.products_json ELSE '[]' END) AS p)));
END;

-- Sales per account, quarter of an hour (unix seconds / 900) and currency, kept by triggers:
-- the desk's totals and 30-day chart read ~3,000 of these instead of every sale of the month.
-- Quarter hours because every local midnight in the world falls on one.
CREATE TABLE fulfillment_quarters (
  account_id INTEGER NOT NULL,
  quarter    INTEGER NOT NULL,
  currency   TEXT    NOT NULL,
  amount     INTEGER NOT NULL,
  count      INTEGER NOT NULL,
  PRIMARY KEY (account_id, quarter, currency)
) STRICT, WITHOUT ROWID;
CREATE TRIGGER fulfillment_quarters_insert AFTER INSERT ON fulfillments BEGIN
  INSERT INTO fulfillment_quarters (account_id, quarter, currency, amount, count)
  VALUES (new.account_id, coalesce(unixepoch(new.received_at) / 900, 0), new.currency, new.amount, 1)
  ON CONFLICT DO UPDATE SET amount = amount + excluded.amount, count = count + 1;
END;
CREATE TRIGGER fulfillment_quarters_delete AFTER DELETE ON fulfillments BEGIN
  UPDATE fulfillment_quarters SET amount = amount - old.amount, count = count - 1
  WHERE account_id = old.account_id AND currency = old.currency
    AND quarter = coalesce(unixepoch(old.received_at) / 900, 0);
END;
CREATE TRIGGER fulfillment_quarters_update AFTER UPDATE OF account_id, received_at, currency, amount ON fulfillments
WHEN old.account_id IS NOT new.account_id OR old.received_at IS NOT new.received_at
  OR old.currency IS NOT new.currency OR old.amount IS NOT new.amount
BEGIN
  UPDATE fulfillment_quarters SET amount = amount - old.amount, count = count - 1
  WHERE account_id = old.account_id AND currency = old.currency
    AND quarter = coalesce(unixepoch(old.received_at) / 900, 0);
  INSERT INTO fulfillment_quarters (account_id, quarter, currency, amount, count)
  VALUES (new.account_id, coalesce(unixepoch(new.received_at) / 900, 0), new.currency, new.amount, 1)
  ON CONFLICT DO UPDATE SET amount = amount + excluded.amount, count = count + 1;
END;

-- What happened, for the merchant: events received (and why one was refused), sync runs,
-- session status changes, webhook registration.
CREATE TABLE activity (
  id          INTEGER PRIMARY KEY,
  account_id  INTEGER REFERENCES accounts (id) ON DELETE CASCADE,
  at          TEXT    NOT NULL,
  kind        TEXT    NOT NULL,
  message     TEXT    NOT NULL,
  detail_json TEXT    NOT NULL DEFAULT '{}'
) STRICT;
CREATE INDEX activity_at ON activity (account_id, at DESC, id DESC);

-- Webhooks this console created in Quaderno (it never touches others). The auth key lives
-- in the OS keychain, not here.
CREATE TABLE webhook_endpoints (
  account_id  INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  webhook_id  INTEGER NOT NULL,
  url         TEXT    NOT NULL,
  events_json TEXT    NOT NULL,
  current     INTEGER NOT NULL DEFAULT 1 CHECK (current IN (0, 1)),
  created_at  TEXT    NOT NULL,
  updated_at  TEXT    NOT NULL,
  PRIMARY KEY (account_id, webhook_id)
) STRICT;

-- Reconciliation runs, for "last sync" and the activity log.
CREATE TABLE sync_runs (
  id                 INTEGER PRIMARY KEY,
  account_id         INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  started_at         TEXT    NOT NULL,
  finished_at        TEXT,
  sessions_seen      INTEGER NOT NULL DEFAULT 0,
  sessions_updated   INTEGER NOT NULL DEFAULT 0,
  fulfillments_added INTEGER NOT NULL DEFAULT 0,
  webhook_recreated  INTEGER NOT NULL DEFAULT 0,
  api_calls          INTEGER NOT NULL DEFAULT 0,
  -- Newest session id seen per status ({"completed": 123, …}): where the next run may stop.
  cursors_json       TEXT    NOT NULL DEFAULT '{}',
  error              TEXT
) STRICT;
CREATE INDEX sync_runs_account ON sync_runs (account_id, started_at DESC);
`;
