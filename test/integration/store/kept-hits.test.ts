// keptHits on its own (issue 16): a list's kept ids walked in chunks, matched against the hits
// between each chunk's lowest and highest id. Dense ids in the walk's order are counted that way;
// ids spread over the whole range, or few hits among them, are left to the join (undefined),
// which costs less for them.
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keptHits, type KeptWalk } from '../../../main/store/kept-hits';
import type { SearchIndex } from '../../../main/store/text-search';

const COUNT = 20_000;
let db: Database.Database;

/** An index whose hits are every `step`th id from `from` to COUNT, answering from a table. */
function indexEvery(step: number, from = step): SearchIndex {
  const table = `hits_${step}_${from}`;
  db.exec(`CREATE TABLE ${table} (id INTEGER PRIMARY KEY)`);
  const insert = db.prepare(`INSERT INTO ${table} (id) VALUES (?)`);
  db.transaction(() => {
    for (let id = from; id <= COUNT; id += step) insert.run(id);
  })();
  const between = db
    .prepare(`SELECT id FROM ${table} WHERE id BETWEEN @lowId AND @highId ORDER BY id LIMIT @most`)
    .pluck();
  const all = Math.floor((COUNT - from) / step) + 1;
  return {
    countUpTo: (bound) => (bound === undefined ? all : Math.min(all, bound + 1)),
    hits: { table, match: '1', id: `${table}.id` },
    between: (params) => between.all(params),
  };
}

// Every id from 1 to COUNT is a hit; every third; every hundredth; every tenth of the highest
// 6,000 and no other.
let index: SearchIndex;
let thirds: SearchIndex;
let hundredths: SearchIndex;
let tenthsOfTheHighest: SearchIndex;

beforeAll(() => {
  db = new Database(':memory:');
  index = indexEvery(1);
  thirds = indexEvery(3);
  hundredths = indexEvery(100);
  tenthsOfTheHighest = indexEvery(10, COUNT - 6000 + 10);
});
afterAll(() => db.close());

/** A walk over `ids` in their order, a chunk at a time. */
function walkOf(ids: number[]): KeptWalk {
  let at = 0;
  return (size) => {
    const chunk = ids.slice(at, at + size);
    at += chunk.length;
    return chunk;
  };
}

const highestFirst = (n: number): number[] => Array.from({ length: n }, (_, k) => COUNT - k);

describe('the hits among a list’s kept rows', () => {
  it('are counted from the kept ids when those are dense and in the walk’s order', () => {
    const kept = highestFirst(6000);
    const found = keptHits(
      index,
      walkOf(kept),
      {},
      { want: 3, bound: 10_000, share: 0.3, keptRows: kept.length },
    );
    expect(found).toEqual({ first: kept.slice(0, 3), count: 6000 });
  });

  it('stop counting one past the bound', () => {
    const kept = highestFirst(6000);
    const found = keptHits(
      index,
      walkOf(kept),
      {},
      { want: 0, bound: 2500, share: 0.3, keptRows: kept.length },
    );
    expect(found).toEqual({ first: [], count: 2501 });
  });

  it('are weighed against a count of the account’s hits that stops at a bound', () => {
    // A third of the ids match and the kept rows are a few of the account's: the walk goes on
    // only if the account has hits enough, a count that needs no more than a bound past that.
    const asked: Array<number | undefined> = [];
    const counting: SearchIndex = {
      ...thirds,
      countUpTo: (bound) => {
        asked.push(bound);
        return thirds.countUpTo(bound);
      },
    };
    const kept = highestFirst(6000);
    const found = keptHits(
      counting,
      walkOf(kept),
      {},
      { want: 3, bound: 10_000, share: 0.06, keptRows: kept.length },
    );
    expect(found?.count).toBe(2000);
    expect(asked.length).toBeGreaterThan(0);
    for (const bound of asked) expect(bound).toBeLessThan(thirds.countUpTo());
  });

  it('are counted from the kept ids when one of them lies far from the rest', () => {
    const kept = highestFirst(6000);
    kept.splice(500, 0, 1);
    const found = keptHits(
      index,
      walkOf(kept),
      {},
      { want: 3, bound: 10_000, share: 0.3, keptRows: kept.length },
    );
    expect(found).toEqual({ first: kept.slice(0, 3), count: 6001 });
  });

  it('are counted from the kept ids when those are dense and a third of them match', () => {
    // New sales at the newest ids, a few in the account: joining would read every hit to count.
    const kept = highestFirst(6000);
    const found = keptHits(
      thirds,
      walkOf(kept),
      {},
      { want: 3, bound: 10_000, share: 0.06, keptRows: kept.length },
    );
    expect(found).toEqual({ first: [19_998, 19_995, 19_992], count: 2000 });
  });

  it('are left to the join when the account’s hits are all among the kept ids and few of them', () => {
    // A product launched lately (all its sales new): a tenth of the new sales match, and joining
    // reads those 600 hits where the walk reads all 6,000 new sales. The kept rows' share of the
    // account (5%) would have the join read 20 hits per match, were the hits spread evenly.
    const kept = highestFirst(6000);
    const limits = { want: 3, bound: 10_000, share: 0.05, keptRows: kept.length };
    const found = keptHits(tenthsOfTheHighest, walkOf(kept), {}, limits);
    expect(found).toBeUndefined();
  });

  it('are left to the join when few of the kept ids match and the hits are few', () => {
    const kept = highestFirst(6000);
    const found = keptHits(
      hundredths,
      walkOf(kept),
      {},
      { want: 3, bound: 10_000, share: 0.3, keptRows: kept.length },
    );
    expect(found).toBeUndefined();
  });

  it('are left to the join when the kept ids are spread over the whole range', () => {
    const spread = Array.from({ length: 6000 }, (_, k) => 1 + ((k * 7919) % COUNT));
    const found = keptHits(
      index,
      walkOf(spread),
      {},
      { want: 3, bound: 10_000, share: 0.3, keptRows: spread.length },
    );
    expect(found).toBeUndefined();
  });
});
