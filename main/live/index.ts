// Live fulfilments: receiver, tunnel, webhook registration and sync, orchestrated
// for the active account (issue: live webhooks).
import type { Handlers } from '../dispatch';
import { ConsoleError } from '../errors';

export type LiveHandlers = Pick<
  Handlers,
  | 'fulfillments.list'
  | 'fulfillments.markFulfilled'
  | 'fulfillments.undo'
  | 'live.status'
  | 'sync.run'
>;

// Placeholder while the live services are being built.
const pending = async (): Promise<never> => {
  throw new ConsoleError('internal', 'Live fulfilments are not available in this build yet.');
};

export function createLiveHandlers(): LiveHandlers {
  return {
    'fulfillments.list': pending,
    'fulfillments.markFulfilled': pending,
    'fulfillments.undo': pending,
    'live.status': pending,
    'sync.run': pending,
  };
}
