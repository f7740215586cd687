// The Links list with a status and a search that matches many links (issue 16): the bounded total
// counts the status's links from their own index, and must be what the rows say — within the
// account (accounts share session ids), at the bound's edges, whichever way the ids run in time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionStatus } from '../../../preload/contract-links';
import { openStore, type Store } from '../../../main/store';
import { addNamedAccount } from '../../support/named-accounts';
import { withRawDb, type RawDb } from '../../support/raw-db';
import { makeTempDir, type TempDir } from '../../support/temp-dir';

const NOW = Date.parse('2026-11-28T12:00:00.000Z');
const MINUTE = 60_000;
const COUNT = 6000;
let store: Store;
let tmp: TempDir;
let north: number;
let south: number;
let shuffled: number;

interface Seeded {
  id: number;
  status: SessionStatus;
  product: string;
  createdAt: string;
}

// Every second link sells a Unicorn (3,000 hits: too many to fetch by key); two in three pending,
// one in a hundred failed (too few for the index's path). Two links share each minute.
function link(i: number, id: number): Seeded {
  const status = i % 100 === 7 ? 'failed' : i % 3 === 2 ? 'completed' : 'pending';
  const product = i % 2 === 0 ? 'prod_unicorn' : 'prod_course';
  return {
    id,
    status,
    product,
    createdAt: new Date(NOW - Math.floor(i / 2) * MINUTE).toISOString(),
  };
}

function insertLinks(db: RawDb, accountId: number, links: Seeded[]): void {
  const insert = db.prepare(
    `INSERT INTO sessions (account_id, id, status, origin, fingerprint, permalink, customer_email,
       items_json, total_amount, currency, created_at, updated_at)
     VALUES (?, ?, ?, 'console', ?, ?, ?, ?, 1500, 'EUR', ?, ?)`,
  );
  db.transaction(() => {
    for (const l of links) {
      const item = { product: l.product, name: l.product, quantity: 1, unitAmount: 1500 };
      insert.run(
        ...[
          accountId,
          l.id,
          l.status,
          `fp-${l.id}`,
          `https://sandbox.test/checkout/session/${l.id}`,
        ],
        ...[`buyer${l.id}@example.com`, JSON.stringify([{ ...item, currency: 'EUR' }])],
        ...[l.createdAt, l.createdAt],
      );
    }
  })();
}

// Seeded once: no test writes. North's ids rise with time; south has the same ids, every link a
// pending Unicorn; shuffled's ids follow no order in time.
beforeAll(() => {
  tmp = makeTempDir('cc-links-status-search-');
  store = openStore(tmp.file('db.sqlite'));
  north = addNamedAccount(store, 'north');
  south = addNamedAccount(store, 'south');
  shuffled = addNamedAccount(store, 'shuffled');
  const ids = Array.from({ length: COUNT }, (_, i) => 100_000 + COUNT - i);
  withRawDb(store.file, (db) => {
    insertLinks(
      db,
      north,
      ids.map((id, i) => link(i, id)),
    );
    const everyOne = (l: Seeded): Seeded => ({ ...l, status: 'pending', product: 'prod_unicorn' });
    insertLinks(
      db,
      south,
      ids.map((id, i) => everyOne(link(i, id))),
    );
    insertLinks(
      db,
      shuffled,
      ids.map((_, i) => link(i, 100_000 + ((i * 4099) % COUNT))),
    );
  });
});
afterAll(() => {
  store.close();
  tmp.remove();
});

/** The account's Unicorn links of `status`, newest first, as plain SQL over the rows says. */
const unicornLinks = (account: number, status: SessionStatus): number[] =>
  withRawDb(store.file, (db) =>
    db
      .prepare(
        `SELECT id FROM sessions WHERE account_id = ? AND status = ?
           AND items_json LIKE '%unicorn%' ORDER BY created_at DESC, id DESC`,
      )
      .pluck()
      .all(account, status),
  ) as number[];

/** A page as the Links screen asks for it, checked against the plain list. */
function expectPage(
  account: number,
  status: SessionStatus,
  offset: number,
  countAhead: number,
): void {
  const want = unicornLinks(account, status);
  const page = store.sessions.list(account, {
    status,
    search: 'unicorn',
    limit: 100,
    offset,
    countAhead,
  });
  const bound = offset + 100 + countAhead;
  expect({ status, offset, countAhead, total: page.total }).toEqual({
    status,
    offset,
    countAhead,
    total: Math.min(bound, want.length),
  });
  expect(page.totalIsLowerBound).toBe(want.length > bound ? true : undefined);
  expect(page.items.map((l) => l.id)).toEqual(want.slice(offset, offset + 100));
}

describe('links of one status searched for a word in many of them', () => {
  it('count within their account, though another has the same ids', () => {
    expect(unicornLinks(north, 'pending')).toHaveLength(2000);
    expect(unicornLinks(south, 'pending')).toHaveLength(COUNT);
    for (const countAhead of [0, 500, 5000]) {
      expectPage(north, 'pending', 0, countAhead);
      expectPage(south, 'pending', 0, countAhead);
    }
  });

  it('count exactly when the bound is their number, and at least the bound one short of it', () => {
    const n = unicornLinks(north, 'pending').length;
    for (const offset of [0, 300]) {
      expectPage(north, 'pending', offset, n - offset - 100);
      expectPage(north, 'pending', offset, n - offset - 101);
    }
  });

  it('count each link once when every link of the account is a hit of that status', () => {
    const n = unicornLinks(south, 'pending').length;
    expectPage(south, 'pending', 0, n - 100);
    expectPage(south, 'pending', 0, n);
    expectPage(south, 'pending', 300, n);
  });

  it('count the same for every status, whether many links or few have it', () => {
    for (const status of ['completed', 'failed', 'abandoned'] as const) {
      for (const countAhead of [0, 5000]) expectPage(north, status, 0, countAhead);
    }
  });

  it('are counted and listed the same when the ids do not follow time', () => {
    for (const offset of [0, 300]) {
      for (const countAhead of [0, 5000]) expectPage(shuffled, 'pending', offset, countAhead);
    }
  });
});
