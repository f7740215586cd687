// keptHits on its own (issue 16): a list's kept ids walked in chunks, matched against the hits
// between each chunk's lowest and highest id. Dense ids in the walk's order are counted that way;
// ids spread over the whole range are left to the join (undefined), which costs less for them.
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keptHits, type KeptWalk } from '../../../main/store/kept-hits';
import type { SearchIndex } from '../../../main/store/text-search';

const COUNT = 20_000;
let db: Database.Database;

let between: Database.Statement;

// Every id from 1 to COUNT is a hit: the index answers `between` over a plain table.
const index: SearchIndex = {
  countUpTo: () => COUNT,
  hits: { table: 'hits', match: '1', id: 'hits.id' },
  between: (params) => between.all(params),
};

beforeAll(() => {
  db = new Database(':memory:');
  db.exec('CREATE TABLE hits (id INTEGER PRIMARY KEY)');
  const insert = db.prepare('INSERT INTO hits (id) VALUES (?)');
  db.transaction(() => {
    for (let id = 1; id <= COUNT; id += 1) insert.run(id);
  })();
  between = db
    .prepare('SELECT id FROM hits WHERE id BETWEEN @lowId AND @highId ORDER BY id LIMIT @most')
    .pluck();
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
    const found = keptHits(db, index, walkOf(kept), {}, { want: 3, bound: 10_000, share: 0.3 });
    expect(found).toEqual({ first: kept.slice(0, 3), count: 6000 });
  });

  it('stop counting one past the bound', () => {
    const kept = highestFirst(6000);
    const found = keptHits(db, index, walkOf(kept), {}, { want: 0, bound: 2500, share: 0.3 });
    expect(found).toEqual({ first: [], count: 2501 });
  });

  it('are counted from the kept ids when one of them lies far from the rest', () => {
    const kept = highestFirst(6000);
    kept.splice(500, 0, 1);
    const found = keptHits(db, index, walkOf(kept), {}, { want: 3, bound: 10_000, share: 0.3 });
    expect(found).toEqual({ first: kept.slice(0, 3), count: 6001 });
  });

  it('are left to the join when the kept ids are spread over the whole range', () => {
    const spread = Array.from({ length: 6000 }, (_, k) => 1 + ((k * 7919) % COUNT));
    const found = keptHits(db, index, walkOf(spread), {}, { want: 3, bound: 10_000, share: 0.3 });
    expect(found).toBeUndefined();
  });
});
