import { describe, expect, it } from 'vitest';
import { openStore } from '../../../main/store';
import { numberedKeys, recordSale, recordSales } from '../../support/delivery-store';
import { useCleanups } from '../../support/cleanups';
import { withRawDb } from '../../support/raw-db';
import { useTempDir } from '../../support/temp-dir';
import { useStoreWithAccount } from '../../support/test-store';

const tmp = useTempDir('cc-keys-');
const rig = useStoreWithAccount(tmp);
const cleanups = useCleanups();
const keys = () => rig.store.licenceKeys;

describe('licence key pools', () => {
  it('adds keys, skipping blanks and keys already in the pool', () => {
    expect(keys().add(rig.accountId, 'ebook', ['K-1', ' K-2 ', '', '   ', 'K-1'])).toEqual({
      added: 2,
      skipped: 3,
      requeued: [],
    });
    expect(keys().add(rig.accountId, 'ebook', ['K-2', 'K-3'])).toMatchObject({
      added: 1,
      skipped: 1,
    });
    // The same key for another product is another key.
    expect(keys().add(rig.accountId, 'course', ['K-1'])).toMatchObject({ added: 1, skipped: 0 });
  });

  it('adds 10,000 keys in one go', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => `KEY-${i}`);
    expect(keys().add(rig.accountId, 'ebook', many)).toMatchObject({ added: 10_000, skipped: 0 });
    expect(keys().pools(rig.accountId, 5)).toEqual([
      { productCode: 'ebook', productName: null, free: 10_000, taken: 0, low: false },
    ]);
  });

  it('lists each product pool with its name when the catalogue knows it', () => {
    rig.store.products.replaceAll(rig.accountId, [
      {
        code: 'ebook',
        name: 'Café Guide',
        description: null,
        unitAmount: 1000,
        currency: 'EUR',
        kind: 'one_off',
      },
    ]);
    keys().add(rig.accountId, 'ebook', ['A', 'B', 'C']);
    keys().add(rig.accountId, 'gone', ['Z']);
    const sale = recordSale(rig.store, rig.accountId, 1);
    keys().takeForSale(rig.accountId, sale.id, 'ebook', 2);

    expect(keys().pools(rig.accountId, 2)).toEqual([
      { productCode: 'ebook', productName: 'Café Guide', free: 1, taken: 2, low: true },
      { productCode: 'gone', productName: null, free: 1, taken: 0, low: true },
    ]);
  });

  it('gives a sale the oldest free keys, and a retry none again', () => {
    keys().add(rig.accountId, 'ebook', ['A', 'B', 'C']);
    const sale = recordSale(rig.store, rig.accountId, 1).id;

    expect(keys().takeForSale(rig.accountId, sale, 'ebook', 2)).toEqual({
      keys: ['A', 'B'],
      short: 0,
    });
    expect(keys().takeForSale(rig.accountId, sale, 'ebook', 2)).toEqual({
      keys: ['A', 'B'],
      short: 0,
    });
    // recordSale names the product by its code.
    expect(keys().forSale(rig.accountId, sale)).toEqual([
      { productCode: 'ebook', key: 'A', productName: 'ebook' },
      { productCode: 'ebook', key: 'B', productName: 'ebook' },
    ]);
    expect(keys().pools(rig.accountId, 1)[0]).toMatchObject({ free: 1, taken: 2 });
  });

  it('says how many keys were missing, keeps those it took, and tops up later', () => {
    keys().add(rig.accountId, 'ebook', ['A']);
    const sale = recordSale(rig.store, rig.accountId, 1).id;
    expect(keys().takeForSale(rig.accountId, sale, 'ebook', 3)).toEqual({ keys: ['A'], short: 2 });
    keys().add(rig.accountId, 'ebook', ['B', 'C', 'D']);
    expect(keys().takeForSale(rig.accountId, sale, 'ebook', 3)).toEqual({
      keys: ['A', 'B', 'C'],
      short: 0,
    });
  });

  it('never hands one key to two sales from two stores on the same file', () => {
    keys().add(rig.accountId, 'ebook', numberedKeys(15));
    const sales = recordSales(rig.store, rig.accountId, 10);
    const other = cleanups.closing(openStore(rig.store.file));
    const given = sales.flatMap((sale, i) => {
      const store = i % 2 === 0 ? rig.store : other;
      return store.licenceKeys.takeForSale(rig.accountId, sale, 'ebook', 2).keys;
    });
    expect(given).toHaveLength(15);
    expect(new Set(given).size).toBe(15);
  });

  it('never puts a key back in the pool once a sale took it, even if the sale is gone', () => {
    keys().add(rig.accountId, 'ebook', ['A', 'B']);
    const sale = recordSale(rig.store, rig.accountId, 1).id;
    keys().takeForSale(rig.accountId, sale, 'ebook', 1);
    withRawDb(rig.store.file, (db) =>
      db.prepare('DELETE FROM fulfillments WHERE id = ?').run(sale),
    );

    const next = recordSale(rig.store, rig.accountId, 2).id;
    expect(keys().takeForSale(rig.accountId, next, 'ebook', 2)).toEqual({ keys: ['B'], short: 1 });
  });
});
