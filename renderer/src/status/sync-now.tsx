import { useId, useSyncExternalStore } from 'react';
import { BusyButton } from '../components/busy-button';
import { toErrorPayload } from '../errors';
import { useConnectivity } from '../hooks/use-connectivity';
import { useEvent } from '../hooks/use-event';
import { useInvoke } from '../hooks/use-invoke';
import type { SyncState } from './use-live-status';

// The strip's Sync now and the one in Settings share the run they started: a run answers
// before any sync.status event may, and both places show when the last one finished.
let ranAt: string | null = null;
const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function recordRun(at: string): void {
  ranAt = at;
  for (const listener of listeners) listener();
}

/** When the last sync finished, as main reported it or as a Sync now here answered. */
export function useLastSyncAt(sync: SyncState | null, fromStatus: string | null): string | null {
  const local = useSyncExternalStore(subscribe, () => ranAt);
  return newest(sync?.last?.finishedAt, fromStatus, local);
}

/**
 * Sync now, unavailable with its reason while Quaderno cannot be reached, and waiting while a
 * sync runs; says when a run failed. It waits as a BusyButton (aria-disabled, a press ignored)
 * rather than `disabled`: a sync that finds Quaderno gone takes the connection away while the
 * button has the focus, and a disabled button would drop it to <body>.
 */
export function SyncNow({ sync }: { sync: SyncState | null }) {
  const { online } = useConnectivity();
  const runSync = useInvoke('sync.run');
  const reasonId = useId();
  const syncing = runSync.busy || sync?.running === true;
  // The newest outcome wins: a sync main reports after a failed Sync now (the periodic one, or
  // one started elsewhere) says what is true now, so that run's error is dropped.
  useEvent('sync.status', runSync.clearError);
  const syncError = sync?.error ?? (runSync.error ? toErrorPayload(runSync.error).message : null);
  return (
    <>
      <BusyButton
        className="button button-small"
        waiting={!online || syncing}
        title={online ? undefined : 'Sync needs Quaderno, which cannot be reached right now.'}
        aria-describedby={online ? undefined : reasonId}
        onClick={async () => {
          const outcome = await runSync.run({});
          if (outcome.ok) recordRun(outcome.value.finishedAt);
        }}
      >
        Sync now
      </BusyButton>
      {!online ? (
        <span
          className="strip-problem sync-reason"
          id={reasonId}
          title="Sync waits for the connection."
        >
          Sync waits for the connection.
        </span>
      ) : null}
      {syncError && online ? (
        <span className="strip-problem sync-reason" role="alert" title={syncError}>
          Sync failed: {syncError}
        </span>
      ) : null}
    </>
  );
}

function newest(...times: Array<string | null | undefined>): string | null {
  const known = times.filter((t): t is string => typeof t === 'string');
  return known.sort((a, b) => Date.parse(b) - Date.parse(a))[0] ?? null;
}
