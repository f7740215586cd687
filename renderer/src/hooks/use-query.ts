import { useCallback, useEffect, useState } from 'react';
import type { MethodInput, MethodName, MethodResult } from '../../../preload/contract';
import { getBridge } from '../bridge';

export interface Query<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload(): void;
  /** Replace the data directly, e.g. from an event that carries the new value. */
  set(value: T): void;
}

/** Reads a contract method on mount (and on `reload`). */
export function useQuery<N extends MethodName>(
  name: N,
  input: MethodInput<N>,
): Query<MethodResult<N>> {
  const [data, setData] = useState<MethodResult<N> | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [generation, setGeneration] = useState(0);
  // Inputs are plain data: compare them by value so callers may pass literals.
  const inputKey = JSON.stringify(input);

  useEffect(() => {
    let current = true;
    setLoading(true);
    const parsed = JSON.parse(inputKey) as MethodInput<N>;
    getBridge()
      .invoke(name, parsed)
      .then(
        (value) => {
          if (!current) return;
          setData(value);
          setError(null);
        },
        (e: unknown) => {
          if (current) setError(e);
        },
      )
      .finally(() => {
        if (current) setLoading(false);
      });
    return () => {
      current = false;
    };
  }, [name, inputKey, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const set = useCallback((value: MethodResult<N>) => setData(value), []);
  return { data, error, loading, reload, set };
}
