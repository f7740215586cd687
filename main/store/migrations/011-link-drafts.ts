// Schema 11: links made while Quaderno was unreachable, kept until they can be created (issue 17,
// "Honest offline"). A draft holds the merchant's request as sent (links.create's input), so the
// same create-or-reuse path runs on it later. `claimed_until` is a claim in milliseconds since
// the epoch: a runner that died holding one leaves it to expire, never to block the draft.
// `request_key` names the purchase (customer and items), so a link the merchant makes again
// once online settles the draft waiting for it.
export const sql = `
CREATE TABLE link_drafts (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  account_id     INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  input_json     TEXT    NOT NULL,
  request_key    TEXT    NOT NULL,
  status         TEXT    NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'refused', 'created')),
  reason         TEXT,
  attempts       INTEGER NOT NULL DEFAULT 0,
  claimed_until  INTEGER,
  link_id        INTEGER,
  created_at     TEXT    NOT NULL,
  updated_at     TEXT    NOT NULL
);
CREATE INDEX link_drafts_by_account ON link_drafts (account_id, status, id);
`;
