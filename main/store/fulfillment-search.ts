// The search box over sales: email, name, description, transaction id or products, plus an
// exact session id when the text is a number. Shared by the desk and the receiver's repo so
// both screens find the same rows.
import type { Database } from 'better-sqlite3';

export interface SearchClause {
  /** A condition on the fulfillments table (no alias), with named @parameters. */
  sql: string;
  params: Record<string, string | number>;
  /**
   * Few rows match: look them up by id (pass `+account_id` so SQLite does not walk the whole
   * account instead). Otherwise walking the received index in order finds a page sooner.
   */
  fewMatches: boolean;
}

// The trigram index (schema 2, fulfillments_search) needs three characters to look up.
const TRIGRAM = 3;
// Up to this many hits, fetching them by id and sorting beats walking the received index.
const FEW = 2000;

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => '\\' + c);
}

/** An FTS5 phrase: the text taken literally, double quotes doubled. */
function ftsPhrase(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

/** Undefined when there is nothing to search for (empty or blank text). */
export function fulfillmentSearch(db: Database, raw: string | undefined): SearchClause | undefined {
  const text = raw?.trim();
  if (!text) return undefined;
  const params: Record<string, string | number> = {};
  let match: string;
  let fewMatches = false;
  if ([...text].length >= TRIGRAM) {
    match =
      'id IN (SELECT rowid FROM fulfillments_search WHERE fulfillments_search MATCH @searchFts)';
    params.searchFts = ftsPhrase(text);
    const probe = db
      .prepare(
        `SELECT count(*) AS n FROM (SELECT 1 FROM fulfillments_search
         WHERE fulfillments_search MATCH ? LIMIT ${FEW + 1})`,
      )
      .get(params.searchFts) as { n: number };
    fewMatches = probe.n <= FEW;
  } else {
    // One or two characters: too short for trigrams, and rare enough to scan for.
    params.searchLike = `%${escapeLike(text)}%`;
    match = ['customer_email', 'customer_name', 'description', 'transaction_id', 'products_json']
      .map((c) => `${c} LIKE @searchLike ESCAPE '\\'`)
      .join(' OR ');
  }
  if (/^\d{1,15}$/.test(text)) {
    params.searchSessionId = Number(text);
    return { sql: `(session_id = @searchSessionId OR ${match})`, params, fewMatches };
  }
  return { sql: `(${match})`, params, fewMatches };
}
