// Every fulfillments.* contract method in one place: the list, one sale, marking it delivered
// and back, and the totals and chart. The receiver and sync record the sales; this is what
// the merchant does with them.
import type { Handlers } from '../dispatch';
import { notFound, type Store } from '../store';
import { deliveryLine } from './activity-words';
import { daySummary } from './summary';
import { salesChart, salesTotals } from './totals';

export type FulfillmentHandlers = Pick<
  Handlers,
  | 'fulfillments.list'
  | 'fulfillments.undelivered'
  | 'fulfillments.get'
  | 'fulfillments.markFulfilled'
  | 'fulfillments.undo'
  | 'fulfillments.totals'
  | 'fulfillments.chart'
  | 'fulfillments.summary'
>;

export interface FulfillmentDeps {
  store: Pick<Store, 'fulfillments' | 'activity' | 'sales'>;
  /** The active account; throws a ConsoleError('no_account') when there is none. */
  accountId(): number;
  onChanged?(accountId: number, ids: number[]): void;
  /** Jobs an Undo sent back to the queue (waiting for keys the pools now hold), due now. */
  onRequeued?(jobs: Array<{ id: number; saleId: number }>): void;
  now?: () => Date;
}

export function createFulfillmentHandlers(deps: FulfillmentDeps): FulfillmentHandlers {
  const { fulfillments: repo, activity } = deps.store;
  const now = deps.now ?? (() => new Date());
  return {
    'fulfillments.list': async (input) => repo.list(deps.accountId(), input),
    'fulfillments.undelivered': async () => ({ count: repo.countNew(deps.accountId()) }),
    'fulfillments.get': async ({ id }) => {
      const sale = repo.get(deps.accountId(), id);
      if (!sale) throw notFound('sale', id);
      return sale;
    },
    'fulfillments.markFulfilled': async ({ id, note }) => {
      const accountId = deps.accountId();
      // Marked already (another window, the CLI): the first time stands and the log has its line;
      // only a new note changes the sale.
      const already = repo.get(accountId, id)?.status === 'fulfilled';
      const f = repo.markFulfilled(accountId, id, note);
      if (!already) {
        activity.add(accountId, 'fulfilled', deliveryLine(f, true), { id, sessionId: f.sessionId });
      }
      if (!already || note !== undefined) deps.onChanged?.(accountId, [id]);
      return f;
    },
    'fulfillments.undo': async ({ id }) => {
      const accountId = deps.accountId();
      const { sale: f, requeued, undone } = repo.undo(accountId, id);
      // Already to deliver (the CLI or another window undid it first): no line, no change.
      if (!undone) return f;
      activity.add(accountId, 'unfulfilled', deliveryLine(f, false), {
        id,
        sessionId: f.sessionId,
      });
      deps.onChanged?.(accountId, [id]);
      if (requeued.length > 0) deps.onRequeued?.(requeued);
      return f;
    },
    'fulfillments.totals': async ({ utcOffsetMinutes, timeZone }) =>
      salesTotals(deps.store, deps.accountId(), { now: now(), utcOffsetMinutes, timeZone }),
    'fulfillments.chart': async ({ utcOffsetMinutes, timeZone }) =>
      salesChart(deps.store, deps.accountId(), { now: now(), utcOffsetMinutes, timeZone }),
    'fulfillments.summary': async ({ day, utcOffsetMinutes, timeZone }) =>
      daySummary(deps.store, deps.accountId(), { now: now(), day, utcOffsetMinutes, timeZone }),
  };
}
