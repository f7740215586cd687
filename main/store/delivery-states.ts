// How each sale of a page of the sales list stands with its automatic deliveries (review R12:
// a delivery in trouble showed nowhere on the list). One read for the whole page, through the
// outbox's UNIQUE (sale_id, rule_id) index: a probe per listed sale (≤ 500), whatever the number
// of sales or jobs in the account.
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import type { SaleDelivery } from '../../preload/contract-live';

const stateRow = z.object({
  sale_id: z.number().int(),
  attention: z.union([z.literal(0), z.literal(1)]),
});

/**
 * The sales among `saleIds` with a delivery left to do, and how it stands: 'needs_attention'
 * when any of its jobs stopped, else 'delivering' (a rule still tries). Sales with no job, or
 * whose jobs are all done, are not in the map.
 */
export type DeliveryStates = (
  accountId: number,
  saleIds: readonly number[],
) => Map<number, SaleDelivery>;

export function createDeliveryStates(db: Database): DeliveryStates {
  // The listed ids lead (CROSS JOIN keeps them outside), each probing the (sale_id, rule_id)
  // index; `+account_id` keeps the planner off the account's index, which without statistics it
  // preferred: a read of every job of the account, 1,000,000 at 1,000,000 sales.
  const read = db.prepare(
    `SELECT j.sale_id, max(j.status = 'needs_attention') AS attention
     FROM json_each(@ids) AS listed CROSS JOIN delivery_jobs AS j
     WHERE j.sale_id = listed.value AND +j.account_id = @accountId AND j.status <> 'done'
     GROUP BY j.sale_id`,
  );
  return (accountId, saleIds) => {
    const states = new Map<number, SaleDelivery>();
    if (saleIds.length === 0) return states;
    for (const raw of read.all({ accountId, ids: JSON.stringify(saleIds) })) {
      const r = stateRow.parse(raw);
      states.set(r.sale_id, r.attention === 1 ? 'needs_attention' : 'delivering');
    }
    return states;
  };
}
