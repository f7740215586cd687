// What the search boxes over sales and sessions share: a trigram FTS5 lookup for text of three
// or more characters (any fragment becomes an index lookup), a scan (GLOB, in any case) for
// shorter text, and a probe that tells the caller whether few rows match (then fetch them by
// key) or many (then walk the list's own order and stop at a page).
import type { Database, Statement } from 'better-sqlite3';
import { z } from 'zod';

export interface SearchClause {
  /** A condition on the searched table (no alias), with named @parameters. */
  sql: string;
  params: Record<string, string | number>;
  /**
   * Few rows match: look them up by key and sort them (the caller keeps SQLite off the list's
   * date index, which it would otherwise walk through the whole account). Otherwise walking that
   * index in order finds a page sooner.
   */
  fewMatches: boolean;
  /**
   * Set when the trigram index alone can answer for one account (many hits, no id clause): its
   * hits counted no further than a bound, and the ids of the newest-inserted ones, highest first.
   */
  index?: SearchIndex;
}

export interface SearchIndex {
  /** How many of the account's documents match (counting no further than `bound` + 1). */
  countUpTo(bound?: number): number;
  /**
   * The hits as a table to join the searched rows to (`FROM ${table} CROSS JOIN t ON t.id =
   * ${id} WHERE ${match}`), walked highest id first with `ORDER BY ${table}.rowid DESC`: a
   * page then reads only the hits it shows, where `id IN (…)` collected every hit first.
   */
  hits: { table: string; match: string; id: string };
  /**
   * The ids of the hits from @lowId to @highId (ids within the account), lowest first, at most
   * @most of them; `params` also holds the search's own (@searchFts, @searchAccount).
   */
  between(params: Record<string, unknown>): unknown[];
}

/** The trigram tokenizer needs three characters to look anything up. */
export const TRIGRAM = 3;
// Up to this many hits, fetching them by key and sorting beats walking the list's index.
const FEW = 2000;
// Text that may be a session id (Quaderno's ids are integers).
const ID_TEXT = /^\d{1,15}$/;

/** An FTS5 phrase: the text taken literally, double quotes doubled. */
export function ftsPhrase(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

/** The text to search for, or undefined when there is none (empty or blank). */
export function searchText(raw: string | undefined): string | undefined {
  const text = raw?.trim();
  return text ? text : undefined;
}

export function isTrigramSearch(text: string): boolean {
  return [...text].length >= TRIGRAM;
}

/** `s` as a list of its one code point, or none when it is more (ß upper-cased is SS). */
const single = (s: string): string[] => ([...s].length === 1 ? [s] : []);

/**
 * A GLOB pattern for `text` anywhere, each letter in its other cases too, one code point for one
 * as the trigram index folds them (Ä and ä, Σ and σ): LIKE folds ASCII letters only, so "är"
 * missed "Ärger" that "ärg" found. GLOB's own * ? [ are taken literally.
 */
export function globAnywhere(text: string): string {
  const letters = [...text].map((c) => {
    const lower = single(c.toLowerCase());
    const upper = single(c.toUpperCase());
    const cases = new Set([
      c,
      ...lower,
      ...upper,
      ...lower.flatMap((l) => single(l.toUpperCase())),
      ...upper.flatMap((u) => single(u.toLowerCase())),
    ]);
    return cases.size > 1 || '*?['.includes(c) ? `[${[...cases].join('')}]` : c;
  });
  return `*${letters.join('')}*`;
}

/** `columns` holding `text` in any case, for text too short for trigrams (rare enough to scan for). */
export function likeAny(columns: string[], text: string, params: SearchClause['params']): string {
  params.searchGlob = globAnywhere(text);
  return columns.map((c) => `${c} GLOB @searchGlob`).join(' OR ');
}

/** The statement counting the rows of `fromWhere` (a table and its conditions), up to `bound` + 1. */
function countSql(fromWhere: string, bound?: number): string {
  const rows =
    bound === undefined
      ? `SELECT 1 FROM ${fromWhere}`
      : `SELECT 1 FROM ${fromWhere} LIMIT ${Math.trunc(bound) + 1}`;
  return `SELECT count(*) FROM (${rows})`;
}

const rowCount = z.number().int();

/** How many rows of `fromWhere` (a table and its conditions) there are, or up to `bound` + 1. */
export function countUpTo(
  db: Database,
  fromWhere: string,
  params: Record<string, unknown>,
  bound?: number,
): number {
  return rowCount.parse(db.prepare(countSql(fromWhere, bound)).pluck().get(params));
}

/** A list's length: exact, or (`totalIsLowerBound`) at least this many, counting stopped. */
export interface ListTotal {
  total: number;
  totalIsLowerBound?: true;
}

/**
 * The total of a searched list read at `offset`: exact, unless the caller asked to count only
 * `countAhead` hits past the page (the screens do: counting every hit of a word in a third of
 * 1,000,000 sales took 0.4 to 1.8 s, issue 16). `count(bound)` counts up to bound + 1 rows.
 */
export function boundedTotal(
  q: { offset: number; limit: number; countAhead?: number | undefined },
  count: (bound?: number) => number,
): ListTotal {
  if (q.countAhead === undefined) return { total: count() };
  const bound = q.offset + q.limit + q.countAhead;
  const n = count(bound);
  return n > bound ? { total: bound, totalIsLowerBound: true } : { total: n };
}

/** The clause for `match`; when the text is a number, also the row whose `idColumn` it is. */
export function clauseFor(
  text: string,
  match: string,
  params: SearchClause['params'],
  few: boolean,
  idColumn: string,
): SearchClause {
  if (!ID_TEXT.test(text)) return { sql: `(${match})`, params, fewMatches: few };
  params.searchId = Number(text);
  return { sql: `(${idColumn} = @searchId OR ${match})`, params, fewMatches: few };
}

// An integer: FTS5 seeks only to an integer rowid, and a JS number binds as a REAL (with which it
// read the documents from the first of every account: 75 ms for 3,334 hits of a range at
// 1,000,000 sales, 1.2 ms as an integer).
const accountBase = (span: number) => `CAST(@searchAccount AS INTEGER) * ${span}`;

/**
 * The trigram lookup in one account's documents of an FTS5 table keyed
 * `account_id * span + id` (schemas 4 and 5): its FROM/WHERE, the hits to join (with the SQL
 * that turns a rowid back into the row's id), and the parameters. 64-bit arithmetic in SQL: JS
 * numbers would lose digits.
 */
export function accountFts(table: string, span: number, accountId: number, text: string) {
  const base = accountBase(span);
  // Qualified, so the same conditions hold inside a join with the searched table.
  const rowid = `${table}.rowid`;
  const match = `${table} MATCH @searchFts AND ${rowid} BETWEEN ${base} AND ${base} + ${span - 1}`;
  const id = `${rowid} - ${base}`;
  return {
    fts: `${table} WHERE ${match}`,
    hits: { table, match, id },
    params: { searchFts: ftsPhrase(text), searchAccount: accountId },
  };
}

/** The statement behind SearchIndex.between for an FTS5 table keyed as accountFts says. */
function betweenSql(table: string, span: number): string {
  const base = accountBase(span);
  const rowid = `${table}.rowid`;
  // Clamped to the account's keys: an id past them would name another account's document.
  return `SELECT ${rowid} - ${base} FROM ${table} WHERE ${table} MATCH @searchFts
    AND ${rowid} BETWEEN ${base} + max(CAST(@lowId AS INTEGER), 0)
      AND ${base} + min(CAST(@highId AS INTEGER), ${span - 1})
    ORDER BY ${rowid} LIMIT @most`;
}

function indexOf(
  db: Database,
  lookup: ReturnType<typeof accountFts>,
  between: SearchIndex['between'],
): SearchIndex {
  const { fts, hits, params } = lookup;
  return { countUpTo: (bound) => countUpTo(db, fts, params, bound), hits, between };
}

// A page this deep or less may be read hit by hit from the index (see newestHits); deeper, the
// general path's one pass over the hits costs less than reading every hit before the page.
export const INDEX_PAGE_DEPTH = 2000;

/** A list over a searched table, as newestHits reads it. */
export interface HitList {
  /** The searched table; its key is `id` (within the account, which `filters` names). */
  table: string;
  columns: string;
  /** The list's conditions on `table` without the search (no alias, @parameters). */
  filters: string;
  /** The list's date column: newest first, then the highest id. */
  time: string;
}

/** The index's hits joined to their rows and the list's filters, highest id first. */
export function hitRows(index: SearchIndex, list: HitList): string {
  const { table, match, id } = index.hits;
  return `${table} CROSS JOIN ${list.table} ON ${list.table}.id = ${id}
    WHERE ${match} AND ${list.filters}`;
}

const rowKey = z.object({ id: z.number().int() });

/**
 * The newest `want` rows of a list searched for text with many hits, read hit by hit from one end
 * of the index's ids and joined to the list's filters, so that a page reads about as many hits as
 * it shows. Rows recorded as they happen have ids that rise with time, which makes the highest ids
 * the newest; ids handed out the other way round make it the lowest. Checked, not assumed: each
 * end is tried in turn and kept only if no row the filters keep beyond it is newer than the
 * oldest row read, `tryFirst` first. Undefined (take the general path) when neither end holds.
 */
export function newestHits(
  db: Database,
  index: SearchIndex,
  list: HitList,
  params: Record<string, unknown>,
  want: number,
  tryFirst: 'highest' | 'lowest' = 'highest',
): unknown[] | undefined {
  const ends = ['highest', 'lowest'] as const;
  for (const from of tryFirst === 'highest' ? ends : ends.toReversed()) {
    const rows = db
      .prepare(
        `SELECT * FROM (SELECT ${list.columns} FROM ${hitRows(index, list)}
           ORDER BY ${index.hits.table}.rowid ${from === 'highest' ? 'DESC' : 'ASC'}
           LIMIT ${Math.trunc(want)})
         ORDER BY ${list.time} DESC, id DESC`,
      )
      .all(params);
    const oldest = rows.at(-1);
    if (rows.length < want || !oldest) return rows;
    const at = z.object({ [list.time]: z.string() }).parse(oldest)[list.time];
    const ids = rows.map((r) => rowKey.parse(r).id);
    // Beyond the lowest id, a row as old as the oldest sorts after it; beyond the highest, before.
    const beyond =
      from === 'highest'
        ? `${list.time} > @at AND id < ${Math.min(...ids)}`
        : `${list.time} >= @at AND id > ${Math.max(...ids)}`;
    const newer = db.prepare(
      `SELECT 1 FROM ${list.table} WHERE ${list.filters} AND ${beyond} LIMIT 1`,
    );
    if (newer.get({ ...params, at }) === undefined) return rows;
  }
  return undefined;
}

/** Which table a search box reads, and how its trigram index keys that table's rows. */
export interface AccountSearchSpec {
  /** The FTS5 table keyed `account_id * span + id`. */
  table: string;
  span: number;
  /** What text too short for trigrams is matched against. */
  likeColumns: string[];
  /** The searched table's column a number in the search box may name exactly. */
  idColumn: string;
  /** The ids of the account's rows whose idColumn is @searchId (@searchAccount: the account). */
  idRows: string;
}

/**
 * The search box's clause over one account's rows (with the trigram index's own answers when the
 * text was long enough for one and matched many). Undefined when there is nothing to search for.
 */
export type AccountSearch = (
  accountId: number,
  raw: string | undefined,
) => SearchClause | undefined;

/** The search box over `spec`'s table, built once per connection by the repository using it. */
export function createAccountSearch(db: Database, spec: AccountSearchSpec): AccountSearch {
  // Their SQL depends only on the table: each prepared once, when a search first needs it.
  let between: Statement | undefined;
  const hitsBetween: SearchIndex['between'] = (params) =>
    (between ??= db.prepare(betweenSql(spec.table, spec.span)).pluck()).all(params);
  let upToFew: Statement | undefined;
  const fewMatch = ({ fts, params }: ReturnType<typeof accountFts>) =>
    rowCount.parse((upToFew ??= db.prepare(countSql(fts, FEW)).pluck()).get(params)) <= FEW;

  return (accountId, raw) => {
    const text = searchText(raw);
    if (!text) return undefined;
    if (!isTrigramSearch(text)) {
      const params: SearchClause['params'] = {};
      const match = likeAny(spec.likeColumns, text, params);
      return clauseFor(text, match, params, false, spec.idColumn);
    }
    const lookup = accountFts(spec.table, spec.span, accountId, text);
    const few = fewMatch(lookup);
    const hits = `SELECT ${lookup.hits.id} FROM ${lookup.fts}`;
    const params: SearchClause['params'] = { ...lookup.params };
    if (!ID_TEXT.test(text)) {
      const clause = { sql: `(id IN (${hits}))`, params, fewMatches: few };
      return few ? clause : { ...clause, index: indexOf(db, lookup, hitsBetween) };
    }
    // A number may also be a session id. One list of ids from both lookups: as `idColumn =
    // @searchId OR id IN (…)` SQLite read every row of the account (1.2 s at 1,000,000 sales).
    params.searchId = Number(text);
    const sql = `(id IN (${spec.idRows} UNION ALL ${hits}))`;
    return { sql, params, fewMatches: few };
  };
}
