// A store whose disk syncs (what the receiver's writer waits for before a 200) are each held
// until the test settles them, for tests of what may happen between a commit and its sync.
import type { Store } from '../../main/store';

export interface HeldSyncs {
  /** The store with syncToDisk replaced: each call waits for its own release or failure. */
  repos: Store;
  /** How many syncs were asked for so far. */
  count(): number;
  /** Settles the oldest sync not yet settled. */
  release(): void;
  fail(e: Error): void;
}

export function holdDiskSyncs(store: Store): HeldSyncs {
  const pending: Array<{ resolve(): void; reject(e: Error): void }> = [];
  let count = 0;
  const next = () => {
    const held = pending.shift();
    if (held === undefined) throw new Error('No disk sync is waiting.');
    return held;
  };
  return {
    repos: {
      ...store,
      syncToDisk: () => {
        count += 1;
        return new Promise<void>((resolve, reject) => pending.push({ resolve, reject }));
      },
    },
    count: () => count,
    release: () => next().resolve(),
    fail: (e) => next().reject(e),
  };
}
