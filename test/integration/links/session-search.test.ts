// The Links list's search over schema 4's trigram index: what it finds, that it follows every
// change to a session, that accounts stay apart, and that an upgraded file is indexed.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NormalizedSession } from '../../../main/quaderno';
import { openStore, type Store } from '../../../main/store';
import { addNamedAccount as addAccount } from '../../support/named-accounts';
import { openAtVersion } from '../../support/old-schema';
import { withRawDb } from '../../support/raw-db';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir('cc-session-search-');
let store: Store;

const session = (
  id: number,
  customer: Partial<NormalizedSession['customer']> = {},
): NormalizedSession => ({
  id,
  status: 'pending',
  permalink: `https://a/checkout/session/${id}`,
  customer: {
    email: `buyer${id}@example.com`,
    firstName: 'Jane',
    lastName: `Doe${id}`,
    company: null,
    billingCountry: 'ES',
    ...customer,
  },
  items: [{ product: 'p', name: 'Course', quantity: 1, unitAmount: 4900, currency: 'EUR' }],
  total: 4900,
  currency: 'EUR',
  metadata: {},
  fingerprint: `fp${id}`,
});

const ids = (s: Store, accountId: number, search: string, limit = 50) =>
  s.sessions.list(accountId, { search, limit, offset: 0 }).items.map((l) => l.id);

beforeEach(() => {
  store = openStore(tmp.file('db.sqlite'));
});
afterEach(() => store.close());

describe('searching links', () => {
  it('finds a fragment of the email, either name, "first last" or the company, in any case', () => {
    const a = addAccount(store, 'a');
    const repo = store.sessions;
    repo.upsert(a, session(1), { origin: 'console' });
    repo.upsert(a, session(2, { company: 'Acme Unicorns SL' }), { origin: 'console' });
    repo.upsert(a, session(3, { firstName: 'Ann', lastName: 'Lee' }), { origin: 'console' });
    expect(ids(store, a, 'BUYER2@')).toEqual([2]);
    expect(ids(store, a, 'unicorn')).toEqual([2]);
    expect(ids(store, a, 'ann lee')).toEqual([3]);
    expect(ids(store, a, 'Doe1')).toEqual([1]);
    expect(ids(store, a, 'Jane').sort()).toEqual([1, 2]);
    // Too short for trigrams: still found, by a scan.
    expect(ids(store, a, 'nn')).toEqual([3]);
    // A number also finds that session by id.
    expect(ids(store, a, '3')).toEqual([3]);
    expect(ids(store, a, 'nobody')).toEqual([]);
  });

  it('follows changes, deletes and account removal, and keeps accounts apart', () => {
    const a = addAccount(store, 'a');
    const b = addAccount(store, 'b');
    const repo = store.sessions;
    repo.upsert(a, session(7, { email: 'old@example.com' }), { origin: 'console' });
    repo.upsert(b, session(7, { email: 'old@example.com' }), { origin: 'remote' });
    expect(ids(store, a, 'old@')).toEqual([7]);
    repo.upsert(a, session(7, { email: 'new@example.com' }), { origin: 'console' });
    expect(ids(store, a, 'old@')).toEqual([]);
    expect(ids(store, a, 'new@')).toEqual([7]);
    // The other account's session with the same id is its own document.
    expect(ids(store, b, 'old@')).toEqual([7]);
    expect(ids(store, b, 'new@')).toEqual([]);
    // A sparse report (no email) keeps the stored one, and the index with it.
    repo.upsert(a, session(7, { email: '' }), { origin: 'remote' });
    expect(ids(store, a, 'new@')).toEqual([7]);
    withRawDb(store.file, (db) =>
      db.prepare('DELETE FROM sessions WHERE account_id = ? AND id = 7').run(a),
    );
    expect(ids(store, a, 'new@')).toEqual([]);
    store.accounts.remove(b);
    const left = withRawDb(store.file, (db) =>
      db.prepare('SELECT count(*) FROM sessions_search').pluck().get(),
    );
    expect(left).toBe(0);
  });

  it('pages through many hits newest first, with the total', () => {
    const a = addAccount(store, 'a');
    const repo = store.sessions;
    for (let id = 1; id <= 2500; id++) repo.upsert(a, session(id), { origin: 'console' });
    const first = repo.list(a, { search: 'example.com', limit: 100, offset: 0 });
    expect(first.total).toBe(2500);
    expect(first.items).toHaveLength(100);
    const all = repo.list(a, { search: 'example.com', limit: 500, offset: 0 }).items;
    const stamps = all.map((l) => `${l.createdAt} ${String(l.id).padStart(6, '0')}`);
    expect(stamps).toEqual([...stamps].sort().reverse());
    expect(repo.list(a, { search: 'buyer12', limit: 500, offset: 0 }).total).toBe(111);
  });

  it('indexes the sessions of a file written before the search index existed', () => {
    const file = tmp.file('v3.db');
    const old = openAtVersion(file, 3);
    old
      .prepare(
        `INSERT INTO sessions (account_id, id, status, origin, permalink, customer_email,
           customer_first_name, customer_last_name, items_json, total_amount, created_at, updated_at)
         VALUES (1, 42, 'pending', 'console', 'https://a/x', 'legacy@example.com', 'Old', 'Timer',
           '[]', 0, 'now', 'now')`,
      )
      .run();
    old.close();
    store.close();
    store = openStore(file);
    expect(ids(store, 1, 'legacy@')).toEqual([42]);
    expect(ids(store, 1, 'old timer')).toEqual([42]);
  });
});
