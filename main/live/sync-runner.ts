// Runs a sync and tells the renderer about it (sync.status), remembering the last result.
import type { SyncResult } from '../../preload/contract';
import { isStoppedCall } from '../quaderno';
import type { Sync } from '../sync';
import type { Emit } from './pipeline';

export interface SyncRunner {
  /** A run that starts no earlier than this call: one at a time, so maybe after the current. */
  run(): Promise<SyncResult>;
  /** Settles once no run is in flight or queued (errors swallowed). */
  idle(): Promise<void>;
}

export function createSyncRunner(deps: {
  sync: Sync;
  emit: Emit;
  onSynced?: (r: SyncResult) => void;
  last?: SyncResult | null;
}): SyncRunner {
  let last = deps.last ?? null;
  let current: Promise<SyncResult> | null = null;
  let next: Promise<SyncResult> | null = null;
  function run(): Promise<SyncResult> {
    if (next) return next;
    // The run in flight may have read Quaderno before a sale this caller knows of (Sync now
    // right after a payment, the webhook registered after start-up's sync read the sales):
    // one more run after it, shared by every call made meanwhile.
    if (current) {
      next = current
        .catch(() => undefined)
        .then(() => {
          next = null;
          return run();
        });
      return next;
    }
    deps.emit('sync.status', { running: true, last, error: null });
    const started = deps.sync.run().then(
      (r) => {
        last = r;
        deps.emit('sync.status', { running: false, last: r, error: null });
        deps.onSynced?.(r);
        return r;
      },
      (e: unknown) => {
        // A run stopped with its pipeline (a restart, a quit) did not fail: nothing to show.
        const error = isStoppedCall(e) ? null : e instanceof Error ? e.message : String(e);
        deps.emit('sync.status', { running: false, last, error });
        throw e;
      },
    );
    current = started.finally(() => {
      current = null;
    });
    return current;
  }
  return {
    run,
    async idle() {
      await (next ?? current)?.catch(() => undefined);
    },
  };
}
