// Schema 9: a sale keeps how many of each product were bought, and at what unit price (issue
// 17). products_json entries gain `quantity` and `unitAmount` (integer minor units); null or
// absent means nobody said: a checkout event names the product's code alone
// (docs/quaderno-api.md, "Event payloads"). No column changes, so older rows stay readable.
// A sale whose session the ledger knows takes that session's items, which is what a webhook
// for a known session records from now on; any other keeps its products, quantity unknown.
// The search index follows through fulfillments_search_update (schema 5).
export const sql = `
UPDATE fulfillments AS f
  SET products_json = (
    SELECT json_group_array(json_object(
      'code', i.value ->> 'product',
      'name', i.value ->> 'name',
      'quantity', i.value ->> 'quantity',
      'unitAmount', i.value ->> 'unitAmount'))
    FROM sessions AS s, json_each(s.items_json) AS i
    WHERE s.account_id = f.account_id AND s.id = f.session_id
      AND i.type = 'object' AND i.value ->> 'product' IS NOT NULL
  )
  WHERE EXISTS (
    SELECT 1 FROM sessions AS s, json_each(
        CASE WHEN json_valid(s.items_json) THEN s.items_json ELSE '[]' END) AS i
    WHERE s.account_id = f.account_id AND s.id = f.session_id
      AND i.type = 'object' AND i.value ->> 'product' IS NOT NULL
  );
`;
