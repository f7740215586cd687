// Schema 8: where a sale's amount came from. A checkout event's amount_cents includes tax; a
// session's item sum (what sync and API confirmations record) may not, since Quaderno products
// default to tax excluded (docs/quaderno-api.md, "Taxes"). The desk says "before tax" until a
// delivery with amount_cents enriches the row.
// amount_source: 'webhook' (the event's amount) or 'session_items' (the session's items).
// tax_included: 1 when the amount includes tax, 0 when it does not, NULL when nobody said.
// A row written without them (by an older console) is read by its `source`, as the backfill
// below does: until now a webhook, the strongest source, always brought its own amount.
export const sql = `
ALTER TABLE fulfillments ADD COLUMN amount_source TEXT
  CHECK (amount_source IN ('webhook', 'session_items'));
ALTER TABLE fulfillments ADD COLUMN tax_included INTEGER CHECK (tax_included IN (0, 1));

UPDATE fulfillments
  SET amount_source = CASE source WHEN 'webhook' THEN 'webhook' ELSE 'session_items' END,
      tax_included = CASE source WHEN 'webhook' THEN 1 END;
`;
