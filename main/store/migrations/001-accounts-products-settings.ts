// Schema 1. Money is integer minor units plus an ISO currency; secrets never live here
// (API keys belong in the OS keychain, see main/secrets).
export const sql = `
CREATE TABLE accounts (
  id          INTEGER PRIMARY KEY,
  name        TEXT    NOT NULL,
  api_url     TEXT    NOT NULL UNIQUE,
  kind        TEXT    NOT NULL CHECK (kind IN ('live', 'test', 'sandbox')),
  email       TEXT,
  identity_id INTEGER,
  active      INTEGER NOT NULL DEFAULT 0 CHECK (active IN (0, 1)),
  created_at  TEXT    NOT NULL
) STRICT;

-- Only rows with active = 1 enter this index, so a second active account is a constraint error.
CREATE UNIQUE INDEX accounts_one_active ON accounts (active) WHERE active = 1;

CREATE TABLE products (
  account_id  INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  code        TEXT    NOT NULL,
  name        TEXT    NOT NULL,
  description TEXT,
  unit_amount INTEGER NOT NULL,
  currency    TEXT    NOT NULL CHECK (length(currency) = 3),
  kind        TEXT    NOT NULL CHECK (kind IN ('one_off', 'subscription')),
  updated_at  TEXT    NOT NULL,
  PRIMARY KEY (account_id, code)
) STRICT, WITHOUT ROWID;

-- value holds JSON text; readers validate it with zod and fall back when it does not fit.
CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;
`;
