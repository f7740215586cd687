import { useCallback, useEffect, useRef, useState } from 'react';
import type { Fulfillment } from '../../../preload/contract';
import { getBridge } from '../bridge';
import type { ListQuery } from './filters';

export const PAGE_SIZE = 200;
// A search counts its hits this far past the page and no further: past it the list says "at
// least" and grows as the merchant scrolls on (a word in a third of 1,000,000 sales took 1.8 s
// to count in full).
export const COUNT_AHEAD = 5000;

interface PagesState {
  /** The query these pages answer: a new query starts from nothing. */
  key: string;
  total: number | null;
  /** `total` is only a lower bound: more sales match. */
  totalIsLowerBound: boolean;
  pages: ReadonlyMap<number, Fulfillment[]>;
  error: unknown;
}

export interface FulfillmentPages {
  /** Null until the first page answered. */
  total: number | null;
  /** At least `total` sales match (a search with many hits): the list grows as it is read. */
  totalIsLowerBound: boolean;
  error: unknown;
  row(index: number): Fulfillment | undefined;
  /** Called with the rows on screen: loads the pages they fall in. */
  showRange(first: number, last: number): void;
  /** Re-reads the pages on screen (a sale arrived or changed). */
  refresh(): void;
  /** Whether this sale is among the rows loaded now. */
  isLoaded(id: number): boolean;
  /** Replaces one sale wherever it is loaded (after Mark fulfilled / Undo). */
  replace(f: Fulfillment): void;
}

// Rows read past the last on screen by a refresh: new sales push that many into view on a short
// list, and they show at once rather than as placeholders.
const ARRIVALS_AHEAD = 8;

/** Pages holding only `rows` (from index `first`); their other rows are holes, read on demand. */
function withFreshRows(
  pages: ReadonlySet<number>,
  first: number,
  rows: Fulfillment[],
): Map<number, Fulfillment[]> {
  const fresh = new Map<number, Fulfillment[]>([...pages].map((page) => [page, []]));
  rows.forEach((row, i) => {
    const index = first + i;
    const page = fresh.get(Math.floor(index / PAGE_SIZE));
    if (page) page[index % PAGE_SIZE] = row;
  });
  return fresh;
}

const emptyFor = (key: string): PagesState => ({
  key,
  total: null,
  totalIsLowerBound: false,
  pages: new Map(),
  error: null,
});

/** The list's length after a page's answer: an exact count wins, lower bounds only grow. */
function lengthAfter(
  s: PagesState,
  result: { total: number; totalIsLowerBound?: true },
): Pick<PagesState, 'total' | 'totalIsLowerBound'> {
  if (!result.totalIsLowerBound) return { total: result.total, totalIsLowerBound: false };
  if (s.total !== null && !s.totalIsLowerBound)
    return { total: result.total, totalIsLowerBound: true };
  return { total: Math.max(s.total ?? 0, result.total), totalIsLowerBound: true };
}

/**
 * The sales list read from SQLite a page at a time, only where the merchant is
 * looking: 100,000 rows never cross the bridge at once.
 */
export function useFulfillmentPages(query: ListQuery): FulfillmentPages {
  const queryKey = JSON.stringify(query);
  const [stored, setState] = useState<PagesState>(() => emptyFor(queryKey));
  const state = stored.key === queryKey ? stored : emptyFor(queryKey);
  // Bumped on every new query or refresh: answers to older requests are dropped.
  const generation = useRef(0);
  const requested = useRef(new Set<number>());
  const visible = useRef<[number, number]>([0, 0]);

  const load = useCallback(
    (page: number) => {
      if (requested.current.has(page)) return;
      requested.current.add(page);
      const gen = generation.current;
      const input = {
        ...(JSON.parse(queryKey) as ListQuery),
        limit: PAGE_SIZE,
        offset: page * PAGE_SIZE,
        countAhead: COUNT_AHEAD,
      };
      getBridge()
        .invoke('fulfillments.list', input)
        .then(
          (result) => {
            if (gen !== generation.current) return;
            setState((s) => {
              const base = s.key === queryKey ? s : emptyFor(queryKey);
              return {
                key: queryKey,
                ...lengthAfter(base, result),
                pages: new Map(base.pages).set(page, result.items),
                error: null,
              };
            });
          },
          (error: unknown) => {
            if (gen !== generation.current) return;
            requested.current.delete(page);
            setState((s) => ({ ...(s.key === queryKey ? s : emptyFor(queryKey)), error }));
          },
        );
    },
    [queryKey],
  );

  const visiblePages = useCallback((): number[] => {
    const [first, last] = visible.current;
    const pages: number[] = [];
    for (let p = Math.floor(first / PAGE_SIZE); p <= Math.floor(last / PAGE_SIZE); p += 1) {
      pages.push(p);
    }
    return pages;
  }, []);

  useEffect(() => {
    generation.current += 1;
    requested.current = new Set();
    visible.current = [0, 0];
    load(0);
  }, [load]);

  const showRange = useCallback(
    (first: number, last: number) => {
      visible.current = [first, Math.max(first, last)];
      for (const page of visiblePages()) load(page);
    },
    [load, visiblePages],
  );

  // A change re-reads the rows on screen only (a few dozen in one call), not the 200-row pages
  // they fall in: a new sale's row waits for that answer, and main answers it between webhooks.
  // Those pages keep just the fresh rows and are no longer "requested", so scrolling past the
  // rows on screen reads them whole again, as for a page never read.
  const refresh = useCallback(() => {
    generation.current += 1;
    requested.current = new Set();
    const gen = generation.current;
    const [first, last] = visible.current;
    const keep = new Set(visiblePages());
    const input = {
      ...(JSON.parse(queryKey) as ListQuery),
      limit: last - first + 1 + ARRIVALS_AHEAD,
      offset: first,
      countAhead: COUNT_AHEAD,
    };
    getBridge()
      .invoke('fulfillments.list', input)
      .then(
        (result) => {
          if (gen !== generation.current) return;
          setState((s) => ({
            key: queryKey,
            ...lengthAfter(s.key === queryKey ? s : emptyFor(queryKey), result),
            pages: withFreshRows(keep, first, result.items),
            error: null,
          }));
        },
        (error: unknown) => {
          if (gen !== generation.current) return;
          setState((s) => ({ ...(s.key === queryKey ? s : emptyFor(queryKey)), error }));
        },
      );
  }, [queryKey, visiblePages]);

  const replace = useCallback((f: Fulfillment) => {
    setState((s) => {
      const pages = new Map(s.pages);
      for (const [page, rows] of pages) {
        if (rows.some((r) => r.id === f.id)) {
          pages.set(
            page,
            rows.map((r) => (r.id === f.id ? f : r)),
          );
        }
      }
      return { ...s, pages };
    });
  }, []);

  const row = (index: number) =>
    state.pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];
  const isLoaded = (id: number) =>
    [...state.pages.values()].some((rows) => rows.some((r) => r.id === id));
  return {
    total: state.total,
    totalIsLowerBound: state.totalIsLowerBound,
    error: state.error,
    row,
    isLoaded,
    showRange,
    refresh,
    replace,
  };
}
