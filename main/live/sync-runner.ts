// Runs a sync and tells the renderer about it (sync.status), remembering the last result.
import type { SyncResult } from '../../preload/contract';
import type { Sync } from '../sync';
import type { Emit } from './pipeline';

export interface SyncRunner {
  run(): Promise<SyncResult>;
  /** Settles once no run is in flight (errors swallowed). */
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
  return {
    run() {
      if (current) return current;
      deps.emit('sync.status', { running: true, last, error: null });
      const run = deps.sync.run().then(
        (r) => {
          last = r;
          deps.emit('sync.status', { running: false, last: r, error: null });
          deps.onSynced?.(r);
          return r;
        },
        (e: unknown) => {
          const error = e instanceof Error ? e.message : String(e);
          deps.emit('sync.status', { running: false, last, error });
          throw e;
        },
      );
      current = run.finally(() => {
        current = null;
      });
      return current;
    },
    async idle() {
      await current?.catch(() => undefined);
    },
  };
}
