import { useCallback, useEffect, useRef, useState } from 'react';
import type { MethodInput, MethodName, MethodResult } from '../../../preload/contract';
import { getBridge } from '../bridge';
import { coalesce, type Coalesced } from '../fulfillments/coalesce';
import { keyOf, valueOf } from './value-key';

export interface FollowedRead<T> {
  data: T | undefined;
  error: unknown;
  /** Reads again: after the read on its way, if there is one. */
  reload(): void;
}

interface Answer<T> {
  data: T | undefined;
  error: unknown;
}

/**
 * A contract read kept current by events that come in bursts (a sale's deliveries taking keys):
 * one read is on its way at a time, and reloads asked for meanwhile get one more read after it,
 * never one each that throws away the one before (useQuery's reload), which showed nothing new
 * for as long as the burst lasted.
 */
export function useFollowedRead<N extends MethodName>(
  name: N,
  input: MethodInput<N>,
): FollowedRead<MethodResult<N>> {
  const inputKey = keyOf(input);
  const [answer, setAnswer] = useState<Answer<MethodResult<N>>>({ data: undefined, error: null });
  const run = useRef<Coalesced | null>(null);

  useEffect(() => {
    let current = true;
    const read = async () => {
      try {
        const data = await getBridge().invoke(name, valueOf(inputKey));
        if (current) setAnswer({ data, error: null });
      } catch (error: unknown) {
        if (current) setAnswer((a) => ({ ...a, error }));
      }
    };
    const reads = coalesce(read, () => current);
    run.current = reads;
    reads.request();
    return () => {
      current = false;
      if (run.current === reads) run.current = null;
    };
  }, [name, inputKey]);

  const reload = useCallback(() => run.current?.request(), []);
  return { data: answer.data, error: answer.error, reload };
}
