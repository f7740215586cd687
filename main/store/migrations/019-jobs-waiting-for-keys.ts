// Schema 19: a delivery job that stopped because a product's licence key pool ran out says which
// products it waits for, so adding keys to one of them sends it back to the queue
// (licence-keys.ts's add) without reading its error text. A JSON array of product codes, NULL for
// every other job: set only when a try ends needing the merchant for want of keys, cleared by
// any other change of the job's state. ADD COLUMN with no default rewrites nothing.
// Jobs an older console stopped for that reason are known once, here, by the words it wrote
// ("No licence key left for A, B: add keys, then Retry"): the update reads only the jobs needing
// attention, through delivery_jobs_by_account (account_id, status, id), as the re-queue does.
const CODES = `substr(last_error, 25, length(last_error) - 24 - 22)`;
const WAITING = `'["' || replace(${CODES}, ', ', '","') || '"]'`;

export const sql = `
ALTER TABLE delivery_jobs ADD COLUMN waiting_for_keys TEXT;
UPDATE delivery_jobs
  SET waiting_for_keys = CASE WHEN json_valid(${WAITING}) THEN ${WAITING} END
  WHERE account_id IN (SELECT id FROM accounts) AND status = 'needs_attention'
    AND last_error LIKE 'No licence key left for %: add keys, then Retry'
    AND length(last_error) > 24 + 22;
`;
