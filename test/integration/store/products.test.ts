import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NewProduct, Store } from '../../../main/store';
import { addNamedAccount } from '../../support/named-accounts';
import { withRawDb } from '../../support/raw-db';
import { useTempDir } from '../../support/temp-dir';
import { openStoreWithAccount } from '../../support/test-store';

const tmp = useTempDir('cc-products-');
let store: Store;
let accountId: number;

beforeEach(() => {
  const now = () => '2026-11-28T09:30:00.000Z';
  ({ store, accountId } = openStoreWithAccount(tmp.file('console.db'), {}, { now }));
});
afterEach(() => store.close());

const ebook: NewProduct = {
  code: 'prod_ebook',
  name: 'E-book',
  description: 'PDF and EPUB',
  unitAmount: 2100,
  currency: 'EUR',
  kind: 'one_off',
};
const club: NewProduct = {
  code: 'prod_club',
  name: 'Club',
  description: null,
  unitAmount: 1200,
  currency: 'JPY',
  kind: 'subscription',
};

describe('products', () => {
  it('stores a catalogue with integer minor units and reads it back by name', () => {
    store.products.replaceAll(accountId, [ebook, club]);
    expect(store.products.list(accountId)).toEqual([
      { accountId, ...club, updatedAt: '2026-11-28T09:30:00.000Z' },
      { accountId, ...ebook, updatedAt: '2026-11-28T09:30:00.000Z' },
    ]);
    expect(store.products.get(accountId, 'prod_ebook')?.unitAmount).toBe(2100);
    expect(store.products.get(accountId, 'nope')).toBeUndefined();
  });

  it('replaces the whole catalogue, dropping products no longer listed', () => {
    store.products.replaceAll(accountId, [ebook, club]);
    store.products.replaceAll(accountId, [{ ...ebook, unitAmount: 2500 }]);
    expect(store.products.list(accountId).map((p) => [p.code, p.unitAmount])).toEqual([
      ['prod_ebook', 2500],
    ]);
  });

  it('keeps catalogues of different accounts apart', () => {
    const other = addNamedAccount(store, 'other');
    store.products.replaceAll(accountId, [ebook]);
    store.products.replaceAll(other, [club]);
    expect(store.products.list(accountId).map((p) => p.code)).toEqual(['prod_ebook']);
    expect(store.products.list(other).map((p) => p.code)).toEqual(['prod_club']);
  });

  it('deletes an account’s products together with the account', () => {
    store.products.replaceAll(accountId, [ebook, club]);
    store.accounts.remove(accountId);
    const left = withRawDb(store.file, (db) =>
      db.prepare('SELECT count(*) FROM products').pluck().get(),
    );
    expect(left).toBe(0);
  });

  it('keeps the previous catalogue when the new one has a fractional amount', () => {
    store.products.replaceAll(accountId, [ebook]);
    expect(() =>
      store.products.replaceAll(accountId, [club, { ...ebook, unitAmount: 21.5 }]),
    ).toThrow(expect.objectContaining({ code: 'bad_response' }));
    expect(store.products.list(accountId).map((p) => p.code)).toEqual(['prod_ebook']);
  });

  it('refuses a catalogue that lists the same code twice', () => {
    expect(() => store.products.replaceAll(accountId, [ebook, ebook])).toThrow(
      expect.objectContaining({ code: 'conflict' }),
    );
    expect(store.products.list(accountId)).toEqual([]);
  });

  it('reports products for an account that no longer exists as not found', () => {
    store.accounts.remove(accountId);
    expect(() => store.products.replaceAll(accountId, [ebook])).toThrow(
      expect.objectContaining({ code: 'not_found' }),
    );
  });

  it('stores currency codes in upper case', () => {
    store.products.replaceAll(accountId, [{ ...ebook, currency: 'usd' }]);
    expect(store.products.get(accountId, 'prod_ebook')?.currency).toBe('USD');
  });
});
