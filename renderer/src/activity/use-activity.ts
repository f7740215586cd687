import { useCallback, useEffect, useState } from 'react';
import type { ActivityItem, ActivityKind } from '../../../preload/contract';
import { getBridge } from '../bridge';

export const ACTIVITY_PAGE = 100;
// The contract's largest page.
const MAX_LIMIT = 500;

export interface ActivityPages {
  items: ActivityItem[];
  total: number | null;
  loading: boolean;
  error: unknown;
  more(): void;
  reload(): void;
}

interface Loaded {
  key: string;
  items: ActivityItem[];
  total: number | null;
  error: unknown;
}

/**
 * The log newest first; "more" shows the next older page. Everything shown is
 * re-read together so an entry that arrived meanwhile never appears twice.
 * Callers key the component by `kind` so a new kind starts from one page.
 */
export function useActivity(kind: '' | ActivityKind): ActivityPages {
  const [shown, setShown] = useState(ACTIVITY_PAGE);
  const [generation, setGeneration] = useState(0);
  const key = `${kind} ${shown} ${generation}`;
  const [loaded, setLoaded] = useState<Loaded>({ key: '', items: [], total: null, error: null });

  useEffect(() => {
    let current = true;
    const reads = [];
    for (let offset = 0; offset < shown; offset += MAX_LIMIT) {
      const input = { limit: Math.min(MAX_LIMIT, shown - offset), offset };
      reads.push(getBridge().invoke('activity.list', kind ? { ...input, kind } : input));
    }
    Promise.all(reads).then(
      (results) => {
        if (!current) return;
        const items = results.flatMap((r) => r.items);
        setLoaded({ key, items, total: results[0]?.total ?? 0, error: null });
      },
      (error: unknown) => {
        if (current) setLoaded((l) => ({ ...l, key, error }));
      },
    );
    return () => {
      current = false;
    };
  }, [kind, shown, key]);

  const more = useCallback(() => setShown((s) => s + ACTIVITY_PAGE), []);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return {
    items: loaded.items,
    total: loaded.total,
    loading: loaded.key !== key,
    error: loaded.error,
    more,
    reload,
  };
}
