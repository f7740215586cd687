import { useCallback, useRef, useState } from 'react';
import type { MethodInput, MethodName, MethodResult } from '../../../preload/contract';
import { getBridge } from '../bridge';

export type InvokeOutcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

export interface Invoker<N extends MethodName> {
  run(input: MethodInput<N>): Promise<InvokeOutcome<MethodResult<N>>>;
  busy: boolean;
  error: unknown;
  clearError(): void;
}

/** One contract method, with its busy flag and last error, for buttons and forms. */
export function useInvoke<N extends MethodName>(name: N): Invoker<N> {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // A second click while busy must not send a second request.
  const inFlight = useRef(false);

  const run = useCallback(
    async (input: MethodInput<N>): Promise<InvokeOutcome<MethodResult<N>>> => {
      if (inFlight.current) return { ok: false, error: new Error('Still working on it.') };
      inFlight.current = true;
      setBusy(true);
      setError(null);
      try {
        const value = await getBridge().invoke(name, input);
        return { ok: true, value };
      } catch (e) {
        setError(e);
        return { ok: false, error: e };
      } finally {
        inFlight.current = false;
        setBusy(false);
      }
    },
    [name],
  );
  const clearError = useCallback(() => setError(null), []);
  return { run, busy, error, clearError };
}
