// The sales search checks each candidate of its trigram index against the row (FTS5 detail=none
// answers with candidates, issue 16): that check must fold letters exactly as the index did, or a
// search would find rows today's index does not, or miss some. SQLite's fold is read here from
// the tokenizer itself, for every code point of the planes that have cased letters.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { foldCodePoint, foldForSearch } from '../../../main/store/search-keys';

const LAST_CASED_PLANE = 0x1ffff;
const isSurrogate = (c: number) => c >= 0xd800 && c <= 0xdfff;

/** code point → what the trigram tokenizer makes of it, for `points`. */
function sqliteFolds(points: number[]): Map<number, number> {
  const db = new Database(':memory:');
  try {
    db.exec(`CREATE VIRTUAL TABLE t USING fts5(x, tokenize = 'trigram', detail = none);
      CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance');`);
    const insert = db.prepare('INSERT INTO t (rowid, x) VALUES (?, ?)');
    db.transaction(() => {
      for (const c of points) insert.run(c, `a${String.fromCodePoint(c)}b`);
    })();
    const folds = new Map<number, number>();
    const rows = db.prepare('SELECT doc, term FROM v').raw().iterate() as Iterable<
      [number, string]
    >;
    for (const [doc, term] of rows) folds.set(doc, [...term][1]?.codePointAt(0) ?? -1);
    return folds;
  } finally {
    db.close();
  }
}

describe('folding search text as the trigram index does', () => {
  it('agrees with SQLite on every code point up to the last plane with cased letters', () => {
    const points: number[] = [];
    for (let c = 1; c <= LAST_CASED_PLANE; c++) if (!isSurrogate(c)) points.push(c);
    const sqlite = sqliteFolds(points);
    const differ = points.filter((c) => sqlite.get(c) !== foldCodePoint(c));
    expect(differ.map((c) => c.toString(16))).toEqual([]);
  });

  it('leaves the planes above it alone, as SQLite does', () => {
    const sample: number[] = [];
    for (let c = LAST_CASED_PLANE + 1; c <= 0x10ffff; c += 97) sample.push(c);
    const sqlite = sqliteFolds(sample);
    expect(sample.filter((c) => sqlite.get(c) !== c || foldCodePoint(c) !== c)).toEqual([]);
  });

  it('folds whole texts letter by letter, never into two letters', () => {
    expect(foldForSearch('ÄRGER GmbH')).toBe('ärger gmbh');
    expect(foldForSearch('STRAẞE')).toBe('straße');
    expect(foldForSearch('İSTANBUL')).toBe('İstanbul');
    expect(foldForSearch('ΣΟΦΙΑς')).toBe('σοφιασ');
  });
});
