import { useCallback, useEffect, useRef, useState } from 'react';
import type { MethodInput, MethodName, MethodResult } from '../../../preload/contract';
import { getBridge } from '../bridge';
import { keyOf, valueOf } from './value-key';

export interface Query<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload(): void;
  /** Replace the data directly, e.g. from an event that carries the new value. */
  set(value: T): void;
}

interface Settled<T> {
  /** Which request this answers; loading means the latest request has not answered yet. */
  key: string | null;
  data: T | undefined;
  error: unknown;
}

/** Reads a contract method on mount (and on `reload`). */
export function useQuery<N extends MethodName>(
  name: N,
  input: MethodInput<N>,
): Query<MethodResult<N>> {
  const [generation, setGeneration] = useState(0);
  const [settled, setSettled] = useState<Settled<MethodResult<N>>>({
    key: null,
    data: undefined,
    error: null,
  });
  // Inputs are plain data: compare them by value so callers may pass literals.
  const inputKey = keyOf(input);
  const requestKey = `${name} ${inputKey} ${generation}`;
  // Counts values pushed through `set`: an event newer than a read still in flight wins.
  const pushed = useRef(0);

  useEffect(() => {
    let current = true;
    const pushedBefore = pushed.current;
    getBridge()
      .invoke(name, valueOf(inputKey))
      .then(
        (value) => {
          if (!current) return;
          const stale = pushed.current !== pushedBefore;
          setSettled((s) => ({ key: requestKey, data: stale ? s.data : value, error: null }));
        },
        (error: unknown) => {
          if (current) setSettled((s) => ({ key: requestKey, data: s.data, error }));
        },
      );
    return () => {
      current = false;
    };
  }, [name, inputKey, requestKey]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const set = useCallback((value: MethodResult<N>) => {
    pushed.current += 1;
    setSettled((s) => ({ ...s, data: value, error: null }));
  }, []);
  return {
    data: settled.data,
    error: settled.error,
    loading: settled.key !== requestKey,
    reload,
    set,
  };
}
