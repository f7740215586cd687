import { useEffect, useState } from 'react';
import type { Events, LiveStatus } from '../../../preload/contract';
import { useEvent } from '../hooks/use-event';
import { useQuery } from '../hooks/use-query';

export type SyncState = Events['sync.status'];

export interface LiveView {
  status: LiveStatus | undefined;
  error: unknown;
  sync: SyncState | null;
  /** Re-renders every few seconds so "just now" and "2 min ago" stay true. */
  now: number;
}

/** Receiver, tunnel and sync state: read once, then kept current by main's events. */
export function useLiveStatus(): LiveView {
  const status = useQuery('live.status', {});
  const [sync, setSync] = useState<SyncState | null>(null);
  const [now, setNow] = useState(() => Date.now());
  useEvent('receiver.status', status.set);
  useEvent('sync.status', setSync);
  useEvent('accounts.changed', status.reload);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 5000);
    return () => clearInterval(timer);
  }, []);
  return { status: status.data, error: status.error, sync, now };
}
