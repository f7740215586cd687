// Licence key pools (schema 13): keys a merchant pastes in per product; a sale takes the oldest
// free ones. A key counts as taken once it has a taken_at, even if its sale is gone later (the
// sale_id foreign key is ON DELETE SET NULL): a key a customer was sent never goes out again.
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import type { LicenceKeyPool, SaleLicenceKey } from '../../preload/contract-delivery';
import type { LicenceKeysRepo } from '../delivery';
import { systemNow } from './clock';

const FREE = 'sale_id IS NULL AND taken_at IS NULL';

const poolRecord = z.object({
  product_code: z.string(),
  product_name: z.string().nullable(),
  free: z.number().int(),
  taken: z.number().int(),
});

const saleKeyRecord = z
  .object({ product_code: z.string(), key: z.string() })
  .transform((r): SaleLicenceKey => ({ productCode: r.product_code, key: r.key }));

export function createLicenceKeysRepo(
  db: Database,
  now: () => string = systemNow,
): LicenceKeysRepo {
  const insert = db.prepare(`INSERT INTO licence_keys (account_id, product_code, key, added_at)
    VALUES (?, ?, ?, ?) ON CONFLICT (account_id, product_code, key) DO NOTHING`);
  const pools = db.prepare(`SELECT k.product_code, p.name AS product_name,
      sum(k.sale_id IS NULL AND k.taken_at IS NULL) AS free,
      sum(k.sale_id IS NOT NULL OR k.taken_at IS NOT NULL) AS taken
    FROM licence_keys k
    LEFT JOIN products p ON p.account_id = k.account_id AND p.code = k.product_code
    WHERE k.account_id = ? GROUP BY k.product_code ORDER BY k.product_code`);
  const held = db
    .prepare(
      `SELECT count(*) FROM licence_keys WHERE account_id = ? AND sale_id = ? AND product_code = ?`,
    )
    .pluck();
  const take = db.prepare(`UPDATE licence_keys SET sale_id = @saleId, taken_at = @at
    WHERE id IN (SELECT id FROM licence_keys WHERE account_id = @accountId
      AND product_code = @productCode AND ${FREE} ORDER BY id LIMIT @missing)`);
  const keysOf = db
    .prepare(
      `SELECT key FROM licence_keys WHERE account_id = ? AND sale_id = ? AND product_code = ?
      ORDER BY id`,
    )
    .pluck();
  const forSale = db.prepare(`SELECT product_code, key FROM licence_keys
    WHERE account_id = ? AND sale_id = ? ORDER BY id`);

  const add = db.transaction((accountId: number, productCode: string, keys: string[]) => {
    const at = now();
    let added = 0;
    for (const key of keys) {
      const trimmed = key.trim();
      if (trimmed !== '') added += insert.run(accountId, productCode, trimmed, at).changes;
    }
    return { added, skipped: keys.length - added };
  });

  // Counting what the sale holds and taking the rest in one IMMEDIATE transaction makes a retry
  // take nothing twice and keeps two workers from handing one key to two sales.
  const takeForSale = db.transaction(
    (accountId: number, saleId: number, productCode: string, count: number) => {
      const missing = count - Number(held.get(accountId, saleId, productCode));
      let short = 0;
      if (missing > 0) {
        const took = take.run({ accountId, saleId, productCode, missing, at: now() }).changes;
        short = missing - took;
      }
      return { keys: keysOf.all(accountId, saleId, productCode).map(String), short };
    },
  );

  return {
    add: (accountId, productCode, keys) => add.immediate(accountId, productCode, keys),
    pools: (accountId, lowBelow) =>
      pools.all(accountId).map((raw): LicenceKeyPool => {
        const r = poolRecord.parse(raw);
        return {
          productCode: r.product_code,
          productName: r.product_name,
          free: r.free,
          taken: r.taken,
          low: r.free < lowBelow,
        };
      }),
    takeForSale: (accountId, saleId, productCode, count) =>
      takeForSale.immediate(accountId, saleId, productCode, count),
    forSale: (accountId, saleId) =>
      forSale.all(accountId, saleId).map((r) => saleKeyRecord.parse(r)),
  };
}
