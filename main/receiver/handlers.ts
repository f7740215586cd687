// The fulfilments.* contract methods, for main/live to mount for the active account.
import type { MethodParsedInput, MethodResult } from '../../preload/contract';
import type { Store } from '../store';

type Name = 'fulfillments.list' | 'fulfillments.markFulfilled' | 'fulfillments.undo';
export type FulfillmentHandlers = {
  [N in Name]: (input: MethodParsedInput<N>) => Promise<MethodResult<N>>;
};

export function createFulfillmentHandlers(deps: {
  store: Pick<Store, 'fulfillments' | 'activity'>;
  /** The active account; throws a ConsoleError('no_account') when there is none. */
  accountId(): number;
  onChanged?(accountId: number, ids: number[]): void;
}): FulfillmentHandlers {
  const { fulfillments: repo, activity } = deps.store;
  return {
    'fulfillments.list': async (input) => repo.list(deps.accountId(), input),
    'fulfillments.markFulfilled': async ({ id, note }) => {
      const accountId = deps.accountId();
      const f = repo.markFulfilled(accountId, id, note);
      activity.add(accountId, 'fulfilled', `Marked session ${f.sessionId} as fulfilled.`, { id });
      deps.onChanged?.(accountId, [id]);
      return f;
    },
    'fulfillments.undo': async ({ id }) => {
      const accountId = deps.accountId();
      const f = repo.undo(accountId, id);
      activity.add(accountId, 'unfulfilled', `Session ${f.sessionId} is back to "new".`, { id });
      deps.onChanged?.(accountId, [id]);
      return f;
    },
  };
}
