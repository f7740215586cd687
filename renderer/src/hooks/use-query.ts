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

// Reads of the same method and input started in one commit (the first screen mounts
// accounts.list four times, app.connectivity three times) share one call. The map only lives
// until the next microtask, before any answer can arrive, so a read started after that (a later
// mount, a reload) is a new call and sees fresh data. A consumer that goes away or reloads only
// stops listening: the call runs on for the others, and its error reaches every one of them.
const startedThisTurn = new Map<string, Promise<unknown>>();

/** Starts `call` unless a read with the same `key` was started in this turn; then shares it. */
export function sharedRead<T>(key: string, call: () => Promise<T>): Promise<T> {
  const started = startedThisTurn.get(key);
  if (started) return started as Promise<T>;
  const promise = call();
  if (startedThisTurn.size === 0) queueMicrotask(() => startedThisTurn.clear());
  startedThisTurn.set(key, promise);
  return promise;
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
    sharedRead(`${name} ${inputKey}`, () => getBridge().invoke(name, valueOf(inputKey))).then(
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
