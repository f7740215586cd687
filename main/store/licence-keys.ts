// Licence key pools (schema 13): keys a merchant pastes in per product; a sale takes the oldest
// free ones. A key counts as taken once it has a taken_at, even if its sale is gone later (the
// sale_id foreign key is ON DELETE SET NULL): a key a customer was sent never goes out again.
// Keys added to a pool send the jobs that stopped waiting for them back to the queue (schema 19).
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import type { LicenceKey, LicenceKeyPool, SaleLicenceKey } from '../../preload/contract-delivery';
import type { LicenceKeysRepo } from '../delivery';
import { systemNow } from './clock';
import { prepareKeyWaitRequeue } from './delivery-jobs';

const FREE = 'sale_id IS NULL AND taken_at IS NULL';

const poolRecord = z.object({
  product_code: z.string(),
  product_name: z.string().nullable(),
  free: z.number().int(),
  taken: z.number().int(),
});

const saleKeyRecord = z
  .object({ product_code: z.string(), key: z.string(), product_name: z.string().nullable() })
  .transform((r): SaleLicenceKey => ({
    productCode: r.product_code,
    key: r.key,
    productName: r.product_name === '' ? null : r.product_name,
  }));

export function createLicenceKeysRepo(
  db: Database,
  now: () => string = systemNow,
  nowMs: () => number = Date.now,
): LicenceKeysRepo {
  const requeue = prepareKeyWaitRequeue(db, now);
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
  // Free keys of a product, counted up to the number wanted (the free index's range, bounded).
  const freeUpTo = db
    .prepare(
      `SELECT count(*) FROM (SELECT 1 FROM licence_keys WHERE account_id = ? AND product_code = ?
        AND ${FREE} LIMIT ?)`,
    )
    .pluck();
  // The product's name: the catalogue's, else the one the sale itself gave it.
  const forSale = db.prepare(`SELECT k.product_code, k.key,
      coalesce(p.name, (SELECT json_extract(j.value, '$.name')
        FROM fulfillments f, json_each(f.products_json) j
        WHERE f.id = k.sale_id AND json_valid(f.products_json)
          AND json_extract(j.value, '$.code') = k.product_code
          AND json_type(j.value, '$.name') = 'text' LIMIT 1)) AS product_name
    FROM licence_keys k
    LEFT JOIN products p ON p.account_id = k.account_id AND p.code = k.product_code
    WHERE k.account_id = ? AND k.sale_id = ? ORDER BY k.id`);

  const add = db.transaction((accountId: number, productCode: string, keys: string[]) => {
    const at = now();
    let added = 0;
    for (const key of keys) {
      const trimmed = key.trim();
      if (trimmed !== '') added += insert.run(accountId, productCode, trimmed, at).changes;
    }
    const requeued = added > 0 ? requeue(accountId, productCode, nowMs()) : [];
    return { added, skipped: keys.length - added, requeued };
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

  // Every product's missing keys, or none: counted first, all in one IMMEDIATE transaction.
  const takeAll = db.transaction(
    (accountId: number, saleId: number, needs: ReadonlyMap<string, number>) => {
      const missing = [...needs].map(([productCode, count]) => ({
        productCode,
        missing: count - Number(held.get(accountId, saleId, productCode)),
      }));
      const short = missing
        .filter((m) => m.missing > 0)
        .filter((m) => Number(freeUpTo.get(accountId, m.productCode, m.missing)) < m.missing)
        .map((m) => m.productCode);
      if (short.length === 0) {
        const at = now();
        for (const m of missing) {
          if (m.missing > 0) take.run({ accountId, saleId, ...m, at });
        }
      }
      const keys: LicenceKey[] = [];
      for (const productCode of needs.keys()) {
        for (const key of keysOf.all(accountId, saleId, productCode)) {
          keys.push({ productCode, key: String(key) });
        }
      }
      return { keys, short };
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
    takeAllForSale: (accountId, saleId, needs) => takeAll.immediate(accountId, saleId, needs),
    forSale: (accountId, saleId) =>
      forSale.all(accountId, saleId).map((r) => saleKeyRecord.parse(r)),
  };
}
