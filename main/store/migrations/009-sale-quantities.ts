// Schema 9: a sale keeps how many of each product were bought, and at what unit price (issue
// 17). products_json entries gain `quantity` and `unitAmount` (integer minor units); null or
// absent means nobody said: a checkout event names the product's code alone
// (docs/quaderno-api.md, "Event payloads"). No column changes, so older rows stay readable.
// A sale whose session the ledger knows takes that session's items, which is what a webhook
// for a known session records from now on, but only when the session's items are all well formed
// (text code and name, whole quantity, whole or absent price) and name the same products as the
// sale: a sale that lists a product the session does not, or a session item without a name, keeps
// the sale's own products, quantity unknown. Items keep the session's order.
// The search index follows through fulfillments_search_update (schema 5).
export const sql = `
UPDATE fulfillments AS f
  SET products_json = (
    SELECT json_group_array(json(item)) FROM (
      SELECT json_object(
          'code', i.value ->> 'product',
          'name', i.value ->> 'name',
          'quantity', i.value ->> 'quantity',
          'unitAmount', i.value ->> 'unitAmount') AS item
        FROM sessions AS s, json_each(s.items_json) AS i
        WHERE s.account_id = f.account_id AND s.id = f.session_id
        ORDER BY i.key))
  WHERE json_valid(f.products_json) AND EXISTS (
    SELECT 1 FROM sessions AS s
      WHERE s.account_id = f.account_id AND s.id = f.session_id
        AND json_valid(s.items_json) AND json_type(s.items_json) = 'array'
        AND json_array_length(s.items_json) > 0
        AND NOT EXISTS (
          SELECT 1 FROM json_each(s.items_json) AS i
            WHERE i.type != 'object'
              OR coalesce(json_type(i.value, '$.product'), '') != 'text'
              OR coalesce(json_type(i.value, '$.name'), '') != 'text'
              OR coalesce(json_type(i.value, '$.quantity'), '') != 'integer'
              OR coalesce(json_type(i.value, '$.unitAmount'), 'null') NOT IN ('integer', 'null'))
        AND (SELECT group_concat(code, char(31)) FROM (
              SELECT DISTINCT i.value ->> 'product' AS code FROM json_each(s.items_json) AS i
                ORDER BY code))
          = (SELECT group_concat(code, char(31)) FROM (
              SELECT DISTINCT p.value ->> 'code' AS code FROM json_each(f.products_json) AS p
                ORDER BY code)));
`;
