// The fulfilments.* contract methods, for main/live to mount for the active account.
import type { Database } from 'better-sqlite3';
import type { MethodParsedInput, MethodResult } from '../../preload/contract';
import { createActivityRepo } from '../store/activity';
import { createFulfillmentsRepo } from '../store/fulfillments';

type Name = 'fulfillments.list' | 'fulfillments.markFulfilled' | 'fulfillments.undo';
export type FulfillmentHandlers = {
  [N in Name]: (input: MethodParsedInput<N>) => Promise<MethodResult<N>>;
};

export function createFulfillmentHandlers(deps: {
  db: Database;
  /** The active account; throws a ConsoleError('no_account') when there is none. */
  accountId(): number;
  now?: () => string;
  onChanged?(accountId: number, ids: number[]): void;
}): FulfillmentHandlers {
  const now = deps.now ?? (() => new Date().toISOString());
  const repo = createFulfillmentsRepo(deps.db, now);
  const activity = createActivityRepo(deps.db, now);
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
