// Schema 7: an account id is never handed out twice. Settings rows are keyed by account id (the
// receiver token, link doubts), so a reused id let a new account inherit an old one's webhook
// URL. AUTOINCREMENT would mean rebuilding `accounts`, and six tables reference it with ON DELETE
// CASCADE, so dropping the old table inside the migration's transaction would empty them all.
// A one-row high-water mark does the same job: new ids are taken above it, inserts raise it.
export const sql = `
CREATE TABLE account_id_high_water (
  singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
  last_id   INTEGER NOT NULL
) STRICT;

INSERT INTO account_id_high_water (singleton, last_id)
  SELECT 1, coalesce(max(id), 0) FROM accounts;

CREATE TRIGGER accounts_raise_high_water AFTER INSERT ON accounts BEGIN
  UPDATE account_id_high_water SET last_id = max(last_id, new.id);
END;

-- Rows left behind by accounts removed before this version (their ids are gone from accounts).
DELETE FROM settings
  WHERE key GLOB 'live.receiverToken.[0-9]*'
    AND CAST(substr(key, 20) AS INTEGER) NOT IN (SELECT id FROM accounts);
DELETE FROM settings
  WHERE key GLOB 'doubt:link:[0-9]*:*'
    AND CAST(substr(key, 12) AS INTEGER) NOT IN (SELECT id FROM accounts);
`;
