// Schema 13: automatic delivery (issue 14). `delivery_rules` holds each rule's settings (never its
// secret: the keychain does). `delivery_jobs` is the outbox: recording a sale inserts one row per
// matching enabled rule in the same transaction, UNIQUE (sale_id, rule_id) so a sale reported
// twice (webhook, then sync) never gets a second job. A worker claims a due job (claimed_until, in
// ms since the epoch, as link_drafts) and counts the attempt in that same transaction, so a try cut
// short by a crash still counts and its claim expires. `rule_name` and `kind` are copied in so a
// job reads the same after its rule is edited or removed (hence no foreign key to the rule).
// `licence_keys` are per product pools; a sale takes keys by setting sale_id.
export const sql = `
CREATE TABLE delivery_rules (
  id                INTEGER PRIMARY KEY AUTOINCREMENT,
  account_id        INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  name              TEXT    NOT NULL,
  product_code      TEXT,
  kind              TEXT    NOT NULL CHECK (kind IN ('email', 'forward', 'command')),
  action_json       TEXT    NOT NULL,
  enabled           INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  use_licence_keys  INTEGER NOT NULL DEFAULT 0 CHECK (use_licence_keys IN (0, 1)),
  created_at        TEXT    NOT NULL,
  updated_at        TEXT    NOT NULL
);
CREATE INDEX delivery_rules_by_account ON delivery_rules (account_id, enabled);

CREATE TABLE delivery_jobs (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  account_id       INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  sale_id          INTEGER NOT NULL REFERENCES fulfillments (id) ON DELETE CASCADE,
  rule_id          INTEGER NOT NULL,
  rule_name        TEXT    NOT NULL,
  kind             TEXT    NOT NULL CHECK (kind IN ('email', 'forward', 'command')),
  idempotency_key  TEXT    NOT NULL UNIQUE,
  status           TEXT    NOT NULL DEFAULT 'pending'
                     CHECK (status IN ('pending', 'done', 'needs_attention')),
  attempts         INTEGER NOT NULL DEFAULT 0,
  max_attempts     INTEGER NOT NULL DEFAULT 8,
  next_try_at      INTEGER NOT NULL,
  claimed_until    INTEGER,
  last_error       TEXT,
  done_at          TEXT,
  done_by          TEXT CHECK (done_by IN ('rule', 'merchant')),
  created_at       TEXT    NOT NULL,
  updated_at       TEXT    NOT NULL,
  UNIQUE (sale_id, rule_id)
);
CREATE INDEX delivery_jobs_due ON delivery_jobs (next_try_at) WHERE status = 'pending';
CREATE INDEX delivery_jobs_by_account ON delivery_jobs (account_id, status, id);

CREATE TABLE licence_keys (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  account_id    INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  product_code  TEXT    NOT NULL,
  key           TEXT    NOT NULL,
  sale_id       INTEGER REFERENCES fulfillments (id) ON DELETE SET NULL,
  added_at      TEXT    NOT NULL,
  taken_at      TEXT,
  UNIQUE (account_id, product_code, key)
);
CREATE INDEX licence_keys_free ON licence_keys (account_id, product_code, id) WHERE sale_id IS NULL;
CREATE INDEX licence_keys_by_sale ON licence_keys (sale_id) WHERE sale_id IS NOT NULL;
`;
