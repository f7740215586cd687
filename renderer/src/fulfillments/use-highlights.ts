import { useCallback, useEffect, useRef, useState } from 'react';

const HIGHLIGHT_MS = 15_000;

/** Sales that just arrived stay marked for a while so the eye finds them. */
export function useHighlights(): { ids: ReadonlySet<number>; add(ids: number[]): void } {
  const [ids, setIds] = useState<ReadonlySet<number>>(new Set());
  const timers = useRef(new Set<ReturnType<typeof setTimeout>>());
  useEffect(() => {
    const pending = timers.current;
    return () => pending.forEach(clearTimeout);
  }, []);
  const add = useCallback((added: number[]) => {
    if (added.length === 0) return;
    setIds((s) => new Set([...s, ...added]));
    const timer = setTimeout(() => {
      timers.current.delete(timer);
      setIds((s) => new Set([...s].filter((id) => !added.includes(id))));
    }, HIGHLIGHT_MS);
    timers.current.add(timer);
  }, []);
  return { ids, add };
}
