import { useCallback, useEffect, useRef, useState } from 'react';
import type { SalesChart, SalesTotals } from '../../../preload/contract';
import { localTimeZone } from '../../../preload/time-zone';
import { getBridge } from '../bridge';
import { useReloadAfterRows } from './desk-signals';

export interface DeskSummary {
  totals: SalesTotals | undefined;
  chart: SalesChart | undefined;
  /** The totals' failure first, then the chart's; null once both answered. */
  error: unknown;
  /** Reads both again once the new rows are in (see afterRows), one read of each at a time. */
  reload(): void;
}

interface Part<T> {
  data: T | undefined;
  error: unknown;
}

const none = { data: undefined, error: null };

/** The desk's totals and 30-day chart: read at once on mount, after the new rows on a change. */
export function useDeskSummary(utcOffsetMinutes: number): DeskSummary {
  const [totals, setTotals] = useState<Part<SalesTotals>>(none);
  const [chart, setChart] = useState<Part<SalesChart>>(none);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const load = useCallback(async () => {
    const input = { utcOffsetMinutes, ...localTimeZone() };
    // Each shows when it answers; a failure keeps the figures shown before it.
    const settle = <T>(read: Promise<T>, set: (update: (p: Part<T>) => Part<T>) => void) =>
      read.then(
        (data) => mounted.current && set(() => ({ data, error: null })),
        (error: unknown) => mounted.current && set((p) => ({ data: p.data, error })),
      );
    await Promise.all([
      settle(getBridge().invoke('fulfillments.totals', input), setTotals),
      settle(getBridge().invoke('fulfillments.chart', input), setChart),
    ]);
  }, [utcOffsetMinutes]);

  useEffect(() => {
    void load();
  }, [load]);
  const reload = useReloadAfterRows(load);

  return {
    totals: totals.data,
    chart: chart.data,
    error: totals.error ?? chart.error,
    reload,
  };
}
