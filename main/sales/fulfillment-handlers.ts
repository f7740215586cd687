// Every fulfillments.* contract method in one place: the list, one sale, marking it delivered
// and back, and the totals and chart. The receiver and sync record the sales; this is what
// the merchant does with them.
import type { Handlers } from '../dispatch';
import { ConsoleError, isConsoleError } from '../errors';
import type { Store } from '../store';
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
  now?: () => Date;
}

/**
 * A sale or event the active account does not have. The words show in the sale detail, for a
 * notification's sale, in the activity log and on the command line, so they point at no list
 * (a screen with one refreshes it itself) and say both ways one leaves an account's history.
 */
export function notFound(what: 'sale' | 'event', id?: number): ConsoleError {
  const which = id === undefined ? `That ${what}` : `${what === 'sale' ? 'Sale' : 'Event'} ${id}`;
  const where = what === 'sale' ? 'sales' : 'history';
  const how = what === 'sale' ? 'was sold under' : 'came to';
  return new ConsoleError(
    'not_found',
    `${which} is not in the active account's ${where}. If it ${how} another account, switch to ` +
      'that account to see it; otherwise it was removed, with its account or by restoring an ' +
      'older backup.',
  );
}

/** `change` on sale `id`, the store's refusal of a sale it does not have in main's words. */
function onSale<T>(id: number, change: () => T): T {
  try {
    return change();
  } catch (e) {
    if (isConsoleError(e) && e.code === 'not_found') throw notFound('sale', id);
    throw e;
  }
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
      const f = onSale(id, () => repo.markFulfilled(accountId, id, note));
      activity.add(accountId, 'fulfilled', deliveryLine(f, true), { id, sessionId: f.sessionId });
      deps.onChanged?.(accountId, [id]);
      return f;
    },
    'fulfillments.undo': async ({ id }) => {
      const accountId = deps.accountId();
      const f = onSale(id, () => repo.undo(accountId, id));
      activity.add(accountId, 'unfulfilled', deliveryLine(f, false), {
        id,
        sessionId: f.sessionId,
      });
      deps.onChanged?.(accountId, [id]);
      return f;
    },
    'fulfillments.totals': async ({ utcOffsetMinutes }) =>
      salesTotals(deps.store, deps.accountId(), { now: now(), utcOffsetMinutes }),
    'fulfillments.chart': async ({ utcOffsetMinutes }) =>
      salesChart(deps.store, deps.accountId(), { now: now(), utcOffsetMinutes }),
    'fulfillments.summary': async ({ day, utcOffsetMinutes }) =>
      daySummary(deps.store, deps.accountId(), { now: now(), day, utcOffsetMinutes }),
  };
}
