// Migration 009 on a data file an older console left: its sales named products without
// quantities. A sale whose session the ledger knows takes the session's quantities and unit
// prices; any other stays readable with its quantity unknown, never a made-up 1.
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../main/store';
import { openAtVersion } from '../../support/old-schema';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir('cc-sale-quantities-');

const HOURS = JSON.stringify([
  {
    product: 'prod_hour',
    name: 'Consulting Hour',
    quantity: 3,
    unitAmount: 12000,
    currency: 'USD',
  },
  {
    product: 'prod_pack',
    name: 'Stock Photo Pack',
    quantity: 1,
    unitAmount: 1500,
    currency: 'USD',
  },
]);

function writeOldLedger(file: string): void {
  const old = openAtVersion(file, 8);
  old
    .prepare(
      `INSERT INTO sessions (account_id, id, status, origin, permalink, items_json, total_amount,
         currency, created_at, updated_at)
       VALUES (1, ?, 'completed', 'console', 'https://x.test/s', ?, ?, 'USD',
         '2026-11-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z')`,
    )
    .run(201, HOURS, 37500);
  const sale = old.prepare(
    `INSERT INTO fulfillments (account_id, session_id, products_json, amount, currency, source,
       received_at)
     VALUES (1, ?, ?, 37500, 'USD', 'webhook', '2026-11-01T00:00:00.000Z')`,
  );
  sale.run(
    201,
    JSON.stringify([
      { code: 'prod_hour', name: 'Consulting Hour' },
      { code: 'prod_pack', name: 'Stock Photo Pack' },
    ]),
  );
  // A webhook for a session this console never saw: only the product code.
  sale.run(202, JSON.stringify([{ code: 'prod_ebook', name: null }]));
  // Unreadable JSON an older bug might have left: still one readable sale.
  sale.run(203, 'not json');
  old.close();
}

describe('upgrading to sales that keep their quantities', () => {
  it('takes quantities and unit prices from the known session and leaves the others unknown', () => {
    const file = tmp.file('console.db');
    writeOldLedger(file);

    const store = openStore(file);
    try {
      const products = (session: number) => store.fulfillments.bySession(1, session)?.products;
      expect(products(201)).toEqual([
        { code: 'prod_hour', name: 'Consulting Hour', quantity: 3, unitAmount: 12000 },
        { code: 'prod_pack', name: 'Stock Photo Pack', quantity: 1, unitAmount: 1500 },
      ]);
      expect(products(202)).toEqual([
        { code: 'prod_ebook', name: null, quantity: null, unitAmount: null },
      ]);
      expect(products(203)).toEqual([]);
      const found = store.fulfillments.list(1, { search: 'consulting', limit: 10, offset: 0 });
      expect(found.items.map((f) => f.sessionId)).toEqual([201]);
      const byCode = store.fulfillments.list(1, { search: 'prod_ebook', limit: 10, offset: 0 });
      expect(byCode.items.map((f) => f.sessionId)).toEqual([202]);
    } finally {
      store.close();
    }
  });

  it("keeps a sale's own products when its session's items do not match them or are malformed", () => {
    const file = tmp.file('console.db');
    const old = openAtVersion(file, 8);
    const session = old.prepare(
      `INSERT INTO sessions (account_id, id, status, origin, permalink, items_json, total_amount,
         currency, created_at, updated_at)
       VALUES (1, ?, 'completed', 'console', 'https://x.test/s', ?, 0, 'USD',
         '2026-11-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z')`,
    );
    const sale = old.prepare(
      `INSERT INTO fulfillments (account_id, session_id, products_json, amount, currency, source,
         received_at)
       VALUES (1, ?, ?, 0, 'USD', 'webhook', '2026-11-01T00:00:00.000Z')`,
    );
    const hour = { product: 'prod_hour', quantity: 3, unitAmount: 12000, currency: 'USD' };
    const both = JSON.stringify([
      { code: 'prod_hour', name: 'Consulting Hour' },
      { code: 'prod_pack', name: 'Stock Photo Pack' },
    ]);
    // The sale lists a product its session does not.
    session.run(301, JSON.stringify([{ ...hour, name: 'Consulting Hour' }]));
    sale.run(301, both);
    // The session's item has no name, or a number for a code.
    session.run(302, JSON.stringify([{ ...hour, name: null }]));
    sale.run(302, JSON.stringify([{ code: 'prod_hour', name: 'Consulting Hour' }]));
    session.run(303, JSON.stringify([{ ...hour, product: 123, name: 'Consulting Hour' }]));
    sale.run(303, JSON.stringify([{ code: '123', name: 'Consulting Hour' }]));
    old.close();

    const store = openStore(file);
    try {
      const products = (id: number) => store.fulfillments.bySession(1, id)?.products;
      const unknown = { quantity: null, unitAmount: null };
      expect(products(301)).toEqual([
        { code: 'prod_hour', name: 'Consulting Hour', ...unknown },
        { code: 'prod_pack', name: 'Stock Photo Pack', ...unknown },
      ]);
      expect(products(302)).toEqual([{ code: 'prod_hour', name: 'Consulting Hour', ...unknown }]);
      expect(products(303)).toEqual([{ code: '123', name: 'Consulting Hour', ...unknown }]);
    } finally {
      store.close();
    }
  });
});
