// Pages through a list the way the screens do, for tests that compare it with a plain ORDER BY.
import { afterAll, beforeAll, expect } from 'vitest';
import { openStore, type Store } from '../../main/store';
import { addNamedAccount } from './named-accounts';
import { withRawDb, type RawDb } from './raw-db';
import { makeTempDir, type TempDir } from './temp-dir';

/** Page sizes that do not divide a search index's depth, one of them with a bounded count. */
const PAGINGS = [{ limit: 97 }, { limit: 200, countAhead: 50 }] as const;

interface Page {
  items: ReadonlyArray<{ id: number }>;
  total: number;
  totalIsLowerBound?: boolean;
}

/**
 * Reads every page of a list (one past its end too) with each of PAGINGS and expects the ids in
 * `expected`'s order, each once, and every exact total to be its length.
 */
export function expectPagesInOrder(
  expected: readonly number[],
  read: (q: { limit: number; countAhead?: number; offset: number }) => Page,
): void {
  for (const paging of PAGINGS) {
    const seen: number[] = [];
    for (let offset = 0; offset < expected.length + paging.limit; offset += paging.limit) {
      const page = read({ ...paging, offset });
      seen.push(...page.items.map((s) => s.id));
      if (!page.totalIsLowerBound) expect(page.total).toBe(expected.length);
    }
    expect(seen).toEqual(expected);
  }
}

/** `rows` moved to random whole minutes among the `minutes` before `newest`: many share one. */
export function atTiedTimes<T extends { receivedAt: string }>(
  rows: readonly T[],
  newest: Date,
  minutes: number,
  random: () => number,
): T[] {
  return rows.map((s) => ({
    ...s,
    receivedAt: new Date(newest.getTime() - Math.floor(random() * minutes) * 60_000).toISOString(),
  }));
}

/**
 * A store for the calling file, seeded once by `seed` (no test writes): the account under test,
 * 'shop', and an 'other' one made before it whose rows must stay out of every page.
 */
export function useSeededLists(
  prefix: string,
  seed: (db: RawDb, shop: number, other: number) => void,
): { readonly store: Store; readonly account: number } {
  let opened: { store: Store; account: number; tmp: TempDir } | undefined;
  beforeAll(() => {
    const tmp = makeTempDir(prefix);
    const store = openStore(tmp.file('console.db'));
    const other = addNamedAccount(store, 'other');
    const account = addNamedAccount(store, 'shop');
    withRawDb(store.file, (db) => seed(db, account, other));
    opened = { store, account, tmp };
  });
  afterAll(() => {
    opened?.store.close();
    opened?.tmp.remove();
  });
  const get = () => {
    if (!opened) throw new Error('useSeededLists: read .store/.account inside a test');
    return opened;
  };
  return {
    get store() {
      return get().store;
    },
    get account() {
      return get().account;
    },
  };
}
