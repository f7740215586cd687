// Products Quaderno lists without a currency take the one of the newest stored session selling
// them (main/products). The read is for the codes asked about only, newest first, and bounded: a
// catalogue sync over a million links read every item of every session before.
import { describe, expect, it } from 'vitest';
import { KNOWN_CURRENCY_SCAN } from '../../../main/store/products';
import { withRawDb } from '../../support/raw-db';
import { useTempDir } from '../../support/temp-dir';
import { useStoreWithAccount } from '../../support/test-store';

const t = useStoreWithAccount(useTempDir('cc-known-currencies-'));

/** Sessions with ids `from`.. in order, each selling `code` in `currency`. */
function sold(from: number, count: number, code: string, currency: string): void {
  withRawDb(t.store.file, (db) => {
    const insert = db.prepare(
      `INSERT INTO sessions (account_id, id, status, origin, permalink, items_json, total_amount,
         currency, created_at, updated_at)
       VALUES (?, ?, 'completed', 'remote', 'https://example.com/p', ?, 100, ?, '2026-01-01', '2026-01-01')`,
    );
    const items = JSON.stringify([{ product: code, quantity: 1 }]);
    db.transaction(() => {
      for (let id = from; id < from + count; id++) insert.run(t.accountId, id, items, currency);
    })();
  });
}

describe('known product currencies', () => {
  it('gives each code asked about the currency of its newest sale, and no other code', () => {
    sold(1, 1, 'ebook', 'USD');
    sold(2, 1, 'ebook', 'EUR');
    sold(3, 1, 'course', 'GBP');
    const known = t.store.products.knownCurrencies(t.accountId, new Set(['ebook', 'never']));
    expect([...known]).toEqual([['ebook', 'EUR']]);
    expect(t.store.products.knownCurrencies(t.accountId, new Set()).size).toBe(0);
  });

  it('reads no further back than its bound: a code not sold since stays unknown', () => {
    sold(1, 1, 'old', 'JPY');
    sold(2, KNOWN_CURRENCY_SCAN, 'busy', 'EUR');
    const known = t.store.products.knownCurrencies(t.accountId, new Set(['busy', 'old']));
    expect([...known]).toEqual([['busy', 'EUR']]);
  });
});
