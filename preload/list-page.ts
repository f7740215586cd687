// What every paged list of the contract answers (fulfillments.list, links.list): a page of rows
// and how many match, exactly or, for a searched list at 1,000,000 rows, at least (issue 16).
import { z } from 'zod';

/**
 * A searched list counts its hits only this far past the page asked for; the result then says
 * `totalIsLowerBound` when there are more. Without it the total is exact, however long it takes.
 */
export const countAhead = z.number().int().min(1).max(100_000).optional();

/** A page of a list and how many match: `total` exactly, or at least (`totalIsLowerBound`). */
export interface ListPage<T> {
  items: T[];
  total: number;
  totalIsLowerBound?: true;
}
