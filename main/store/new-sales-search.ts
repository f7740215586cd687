// The desk's "new" filter searched for text with many hits (issue 16): the new sales read from
// their own index in the list's order, each chunk matched against the search's hits around it
// (see keptHits). The statements are fulfillment-filter's NEW_SALES_SEARCHED.
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import type { NEW_SALES_SEARCHED, PageQuery } from './fulfillment-filter';
import { keptHits, type KeptWalk } from './kept-hits';
import { boundedTotal, type ListTotal, type SearchIndex } from './text-search';

/** A page of new sales searched for text with many hits; undefined: join the hits instead. */
export type NewSalesSearch = (
  accountId: number,
  params: Record<string, unknown>,
  index: SearchIndex,
  q: PageQuery & { countAhead: number },
  share: number,
) => ({ rows: unknown[] } & ListTotal) | undefined;

export function createNewSalesSearch(
  db: Database,
  statements: typeof NEW_SALES_SEARCHED,
): NewSalesSearch {
  const salesById = db.prepare(statements.byId);
  const newSales = db.prepare(statements.walk).pluck();
  const receivedAt = db.prepare('SELECT received_at FROM fulfillments WHERE id = ?').pluck();
  // Schema 14's counts: how many sales are new, the most the walk reads.
  const newCount = db
    .prepare(
      `SELECT coalesce(sum(count), 0) FROM fulfillment_counts
         WHERE account_id = ? AND status = 'new'`,
    )
    .pluck();

  function newSalesWalk(accountId: number): KeptWalk {
    let before = { beforeAt: '\uffff', beforeId: 0 };
    return (size) => {
      const ids = newSales.all({ accountId, ...before, size });
      const last = z.number().int().optional().parse(ids.at(-1));
      if (last !== undefined) {
        before = { beforeAt: z.string().parse(receivedAt.get(last)), beforeId: last };
      }
      return ids;
    };
  }

  /**
   * New sales searched for text with many hits, read from the new sales' side: their index is in
   * the list's order, so the first matches are the page, and the hits are read only around the
   * new sales (a fifth of the time of joining each hit to its sale at 1,000,000 sales).
   */
  return function fromNewSales(accountId, params, index, q, share) {
    const bound = q.offset + q.limit + q.countAhead;
    const keptRows = z.number().int().parse(newCount.get(accountId));
    const limits = { want: q.offset + q.limit, bound, share, keptRows };
    const found = keptHits(index, newSalesWalk(accountId), params, limits);
    if (!found) return undefined;
    const ids = found.first.slice(q.offset);
    const rows = ids.length === 0 ? [] : salesById.all({ accountId, ids: JSON.stringify(ids) });
    return { rows, ...boundedTotal(q, () => found.count) };
  };
}
