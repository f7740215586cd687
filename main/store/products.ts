import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { ConsoleError } from '../errors';
import { accountGone } from './accounts';
import { isConstraintError } from './sqlite-errors';
import type { NewProduct, ProductRow, ProductsRepo } from './types';

// ISO 4217 reserves XXX for "no currency": it stands for an item Quaderno listed without one,
// so the column keeps its NOT NULL three-letter check without rebuilding the table.
const NO_CURRENCY = 'XXX';
/** Items of stored sessions read at most to learn product currencies (knownCurrencies). */
export const KNOWN_CURRENCY_SCAN = 50_000;

const productRecord = z
  .object({
    account_id: z.number().int(),
    code: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    unit_amount: z.number().int(),
    currency: z.string(),
    kind: z.enum(['one_off', 'subscription']),
    updated_at: z.string(),
  })
  .transform((r): ProductRow => ({
    accountId: r.account_id,
    code: r.code,
    name: r.name,
    description: r.description,
    unitAmount: r.unit_amount,
    currency: r.currency === NO_CURRENCY ? null : r.currency,
    kind: r.kind,
    updatedAt: r.updated_at,
  }));

const soldRow = z.object({ code: z.string(), currency: z.string() });

// Checked before anything is written, so a bad catalogue never replaces a good one.
const newProduct = z.object({
  code: z.string().min(1),
  name: z.string(),
  description: z.string().nullable(),
  unitAmount: z.number().int().refine(Number.isSafeInteger),
  currency: z
    .string()
    .regex(/^[A-Za-z]{3}$/, 'expected a 3-letter ISO currency')
    .nullable(),
  kind: z.enum(['one_off', 'subscription']),
});

function checkProducts(products: NewProduct[]): void {
  const seen = new Set<string>();
  for (const p of products) {
    const parsed = newProduct.safeParse(p);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid';
      throw new ConsoleError(
        'bad_response',
        `Product ${JSON.stringify(p.code)} could not be saved (${where}). ` +
          'Check it in Quaderno and sync the products again.',
      );
    }
    if (seen.has(p.code)) {
      throw new ConsoleError(
        'conflict',
        `The catalogue lists product code ${JSON.stringify(p.code)} twice. ` +
          'Give each product its own code in Quaderno and sync again.',
      );
    }
    seen.add(p.code);
  }
}

export function createProductsRepo(db: Database, now: () => string): ProductsRepo {
  const columns = 'account_id, code, name, description, unit_amount, currency, kind, updated_at';
  const selectAll = db.prepare(
    `SELECT ${columns} FROM products WHERE account_id = ? ORDER BY name COLLATE NOCASE, code`,
  );
  const selectOne = db.prepare(`SELECT ${columns} FROM products WHERE account_id = ? AND code = ?`);
  const deleteAll = db.prepare('DELETE FROM products WHERE account_id = ?');
  // Newest first, so the first currency seen for a product code is the latest one it sold in
  // (the primary key's order: no sort, so a read stopped early costs only what it read).
  const soldIn = db.prepare(
    `SELECT json_extract(j.value, '$.product') AS code, s.currency AS currency
     FROM sessions s, json_each(s.items_json) j
     WHERE s.account_id = ? AND s.currency IS NOT NULL AND length(s.currency) = 3
     ORDER BY s.id DESC`,
  );
  const learn = db.prepare(
    `UPDATE products SET currency = @currency, unit_amount = @unitAmount, updated_at = @updatedAt
     WHERE account_id = @accountId AND code = @code AND currency = '${NO_CURRENCY}'`,
  );
  const insert = db.prepare(
    `INSERT INTO products (${columns})
     VALUES (@accountId, @code, @name, @description, @unitAmount, @currency, @kind, @updatedAt)`,
  );

  const deleteOne = db.prepare('DELETE FROM products WHERE account_id = ? AND code = ?');
  const replaceAll = db.transaction((accountId: number, products: NewProduct[], keep: boolean) => {
    if (keep) for (const p of products) deleteOne.run(accountId, p.code);
    else deleteAll.run(accountId);
    const updatedAt = now();
    for (const p of products) {
      insert.run({
        accountId,
        code: p.code,
        name: p.name,
        description: p.description,
        unitAmount: p.unitAmount,
        currency: p.currency?.toUpperCase() ?? NO_CURRENCY,
        kind: p.kind,
        updatedAt,
      });
    }
  });

  return {
    replaceAll(accountId, products, options) {
      checkProducts(products);
      try {
        replaceAll.immediate(accountId, products, options?.keepOthers ?? false);
      } catch (e) {
        if (isConstraintError(e, 'SQLITE_CONSTRAINT_FOREIGNKEY')) {
          throw new ConsoleError(
            'not_found',
            accountGone(accountId, 'so its products were not saved'),
            { cause: e },
          );
        }
        throw e;
      }
    },
    list: (accountId) => selectAll.all(accountId).map((r) => productRecord.parse(r)),
    knownCurrencies(accountId, codes) {
      const byProduct = new Map<string, string>();
      if (codes.size === 0) return byProduct;
      let read = 0;
      for (const raw of soldIn.iterate(accountId)) {
        const row = soldRow.safeParse(raw);
        if (row.success && codes.has(row.data.code) && !byProduct.has(row.data.code)) {
          byProduct.set(row.data.code, row.data.currency);
          if (byProduct.size === codes.size) break;
        }
        if (++read >= KNOWN_CURRENCY_SCAN) break;
      }
      return byProduct;
    },
    learnCurrency(accountId, code, currency, unitAmount) {
      const changed = learn.run({
        accountId,
        code,
        currency: currency.toUpperCase(),
        unitAmount,
        updatedAt: now(),
      });
      return changed.changes > 0;
    },
    get(accountId, code) {
      const raw: unknown = selectOne.get(accountId, code);
      return raw === undefined ? undefined : productRecord.parse(raw);
    },
  };
}
