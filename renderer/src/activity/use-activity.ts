import { useCallback, useEffect, useRef, useState } from 'react';
import type { ActivityItem, ActivityKind } from '../../../preload/contract';
import { getBridge } from '../bridge';
import { coalesce, type Coalesced } from '../fulfillments/coalesce';

export const ACTIVITY_PAGE = 100;
// The contract's largest page.
const MAX_LIMIT = 500;

export interface ActivityPages {
  items: ActivityItem[];
  total: number | null;
  /** The entries asked for (the first page, or older ones) have not been read yet. */
  loading: boolean;
  error: unknown;
  more(): void;
  reload(): void;
}

interface Loaded {
  /** How many entries the read shown asked for; 0 before the first answer. */
  shown: number;
  items: ActivityItem[];
  total: number | null;
  error: unknown;
}

/**
 * The log newest first; "more" shows the next older page. Everything shown is
 * re-read together so an entry that arrived meanwhile never appears twice.
 * Callers key the component by `kind` so a new kind starts from one page.
 * One read is on its way at a time: asks meanwhile (events come in bursts while sales arrive
 * and the outbox drains) get one more read after it, never one each that throws away the one
 * before, which left the screen on its old answer for as long as a burst lasted.
 */
export function useActivity(kind: '' | ActivityKind): ActivityPages {
  const [shown, setShown] = useState(ACTIVITY_PAGE);
  const wanted = useRef(ACTIVITY_PAGE);
  const [loaded, setLoaded] = useState<Loaded>({ shown: 0, items: [], total: null, error: null });
  const run = useRef<Coalesced | null>(null);

  useEffect(() => {
    let current = true;
    const read = async () => {
      const upTo = wanted.current;
      const reads = [];
      for (let offset = 0; offset < upTo; offset += MAX_LIMIT) {
        const input = { limit: Math.min(MAX_LIMIT, upTo - offset), offset };
        reads.push(getBridge().invoke('activity.list', kind ? { ...input, kind } : input));
      }
      try {
        const results = await Promise.all(reads);
        if (!current) return;
        const items = results.flatMap((r) => r.items);
        setLoaded({ shown: upTo, items, total: results[0]?.total ?? 0, error: null });
      } catch (error: unknown) {
        if (current) setLoaded((l) => ({ ...l, shown: upTo, error }));
      }
    };
    const reads = coalesce(read, () => current);
    run.current = reads;
    reads.request();
    return () => {
      current = false;
      if (run.current === reads) run.current = null;
    };
  }, [kind]);

  const more = useCallback(() => {
    wanted.current += ACTIVITY_PAGE;
    setShown(wanted.current);
    run.current?.request();
  }, []);
  const reload = useCallback(() => run.current?.request(), []);
  return {
    items: loaded.items,
    total: loaded.total,
    loading: loaded.shown !== shown,
    error: loaded.error,
    more,
    reload,
  };
}
