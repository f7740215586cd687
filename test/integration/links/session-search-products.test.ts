// Schema 10 (issue 17): the Links list's search box also finds a link by the code or the name of
// a product it sells, for the sessions already stored and for every later change to their items.
import { describe, expect, it } from 'vitest';
import type { NormalizedSession } from '../../../main/quaderno';
import { migrations } from '../../../main/store/migrations';
import { sql as sessionSearchProducts } from '../../../main/store/migrations/010-session-search-products';
import { addNamedAccount as addAccount } from '../../support/named-accounts';
import { withRawDb } from '../../support/raw-db';
import { UNKNOWN_CUSTOMER } from '../../support/sale-fixtures';
import { useTempDir } from '../../support/temp-dir';
import { useStoreWithAccount } from '../../support/test-store';

const t = useStoreWithAccount(useTempDir('cc-session-search-products-'));

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

/** Schema 10 on the open store's file, unless openStore already applied it. */
function upgrade(): void {
  if (migrations.some((m) => m.sql === sessionSearchProducts)) return;
  withRawDb(t.store.file, (db) => db.exec(sessionSearchProducts));
}

describe('searching links by product', () => {
  it('finds the links stored before the upgrade by product name or code, in any case', () => {
    const { store, accountId: a } = t;
    const course = item('prod_course', 'Sourdough Baking Course');
    store.sessions.upsert(a, session(1, [course]), { origin: 'console' });
    store.sessions.upsert(a, session(2, [item('prod_guide', 'Café Guide (ebook)'), course]), {
      origin: 'console',
    });
    store.sessions.upsert(a, session(3, [item('prod_guide', 'Café Guide (ebook)')]), {
      origin: 'console',
    });
    upgrade();
    expect(ids(a, 'sourdough')).toEqual([1, 2]);
    expect(ids(a, 'PROD_GUIDE')).toEqual([2, 3]);
    expect(ids(a, 'café guide')).toEqual([2, 3]);
    // What was found before still is.
    expect(ids(a, 'buyer3@')).toEqual([3]);
    expect(ids(a, 'jane doe')).toEqual([1, 2, 3]);
  });

  it('follows an edit of the items, and keeps accounts apart', () => {
    upgrade();
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
