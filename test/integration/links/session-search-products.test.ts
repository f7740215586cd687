// Schema 10 (issue 17): the Links list's search box also finds a link by the code or the name of
// a product it sells, for the sessions already stored and for every later change to their items.
import { describe, expect, it } from 'vitest';
import type { NormalizedSession } from '../../../main/quaderno';
import { createSessionsRepo, openStore } from '../../../main/store';
import { addNamedAccount as addAccount } from '../../support/named-accounts';
import { openAtVersion } from '../../support/old-schema';
import { UNKNOWN_CUSTOMER } from '../../support/sale-fixtures';
import { useTempDir } from '../../support/temp-dir';
import { useStoreWithAccount } from '../../support/test-store';

const tmp = useTempDir('cc-session-search-products-');
const t = useStoreWithAccount(tmp);

type Item = NormalizedSession['items'][number];
const item = (product: string, name: string): Item => ({
  product,
  name,
  quantity: 1,
  unitAmount: 4900,
  currency: 'EUR',
});

const session = (id: number, items: Item[]): NormalizedSession => ({
  id,
  status: 'pending',
  permalink: `https://a/checkout/session/${id}`,
  customer: {
    ...UNKNOWN_CUSTOMER,
    email: `buyer${id}@example.com`,
    firstName: 'Jane',
    lastName: 'Doe',
  },
  items,
  total: 4900,
  currency: 'EUR',
  metadata: {},
  fingerprint: `fp${id}`,
});

const ids = (accountId: number, search: string) =>
  t.store.sessions
    .list(accountId, { search, limit: 50, offset: 0 })
    .items.map((l) => l.id)
    .sort();

describe('searching links by product', () => {
  it('finds the links stored before the upgrade by product name or code, in any case', () => {
    // Written by a console at schema 9, then opened by this one: the upgrade indexes them.
    const file = tmp.file('older.db');
    const old = openAtVersion(file, 9);
    const older = createSessionsRepo(old);
    const course = item('prod_course', 'Sourdough Baking Course');
    const guide = item('prod_guide', 'Café Guide (ebook)');
    older.upsert(1, session(1, [course]), { origin: 'console' });
    older.upsert(1, session(2, [guide, course]), { origin: 'console' });
    older.upsert(1, session(3, [guide]), { origin: 'console' });
    old.close();

    const store = openStore(file);
    try {
      const found = (search: string) =>
        store.sessions
          .list(1, { search, limit: 50, offset: 0 })
          .items.map((l) => l.id)
          .sort();
      expect(found('sourdough')).toEqual([1, 2]);
      expect(found('PROD_GUIDE')).toEqual([2, 3]);
      expect(found('café guide')).toEqual([2, 3]);
      // What was found before still is.
      expect(found('buyer3@')).toEqual([3]);
      expect(found('jane doe')).toEqual([1, 2, 3]);
    } finally {
      store.close();
    }
  });

  it('follows an edit of the items, and keeps accounts apart', () => {
    const { store, accountId: a } = t;
    const b = addAccount(store, 'b');
    store.sessions.upsert(a, session(7, [item('prod_washi', 'Washi Sticker Set')]), {
      origin: 'console',
    });
    store.sessions.upsert(b, session(7, [item('prod_tea', 'Tea Sampler')]), { origin: 'remote' });
    expect(ids(a, 'washi')).toEqual([7]);
    expect(ids(b, 'washi')).toEqual([]);

    store.sessions.upsert(a, session(7, [item('prod_tea', 'Tea Sampler')]), { origin: 'console' });
    expect(ids(a, 'washi')).toEqual([]);
    expect(ids(a, 'sampler')).toEqual([7]);
    expect(ids(b, 'sampler')).toEqual([7]);
  });
});
