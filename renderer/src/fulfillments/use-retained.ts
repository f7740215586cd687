import { useCallback, useState, type SetStateAction } from 'react';

// Lives as long as the window: what the merchant typed on the desk (notes,
// filters) survives leaving the screen and coming back.
const retained = new Map<string, unknown>();

/** useState whose value is kept under `key` while the window is open. */
export function useRetained<T>(key: string, initial: T): [T, (next: SetStateAction<T>) => void] {
  const [value, setValue] = useState<T>(() =>
    retained.has(key) ? (retained.get(key) as T) : initial,
  );
  const set = useCallback(
    (next: SetStateAction<T>) => {
      setValue((current) => {
        const resolved = typeof next === 'function' ? (next as (c: T) => T)(current) : next;
        retained.set(key, resolved);
        return resolved;
      });
    },
    [key],
  );
  return [value, set];
}
