import { useCallback, useEffect, useRef, useState } from 'react';
import type { Fulfillment, MethodResult } from '../../../preload/contract';
import { getBridge } from '../bridge';
import { useEvent } from '../hooks/use-event';
import { coalesce, type Coalesced } from './coalesce';
import { useSkipWhileHidden } from './desk-signals';
import type { ListQuery } from './filters';
import { keyOf, valueOf } from '../hooks/value-key';

export const PAGE_SIZE = 200;
// A search counts its hits this far past the page and no further: past it the list says "at
// least" and grows as the merchant scrolls on (a word in a third of 1,000,000 sales took 1.8 s
// to count in full).
export const COUNT_AHEAD = 5000;

/** A page's rows and the change count when they were asked for (see `changes` below). */
interface Page {
  rows: Fulfillment[];
  version: number;
}

interface PagesState {
  /** The query these pages answer: a new query starts from nothing. */
  key: string;
  total: number | null;
  /** `total` is only a lower bound: more sales match. */
  totalIsLowerBound: boolean;
  /** The order in which the read that `total` came from was asked (see ListAnswer). */
  countSeq: number;
  pages: ReadonlyMap<number, Page>;
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
  /** Resolves once the re-read on its way (if any) has answered: the new rows are in. */
  refreshed(): Promise<void>;
  /** Whether this sale is among the rows loaded now. */
  isLoaded(id: number): boolean;
  /**
   * Replaces one sale wherever it is loaded (after Mark fulfilled / Undo), keeping how its
   * deliveries stand: neither changes them, and their answer (fulfillments.get's) does not say.
   */
  replace(f: Fulfillment): void;
}

// Rows read past the last on screen by a refresh: new sales push that many into view on a short
// list, and they show at once rather than as placeholders.
const ARRIVALS_AHEAD = 8;

/**
 * The pages after a refresh's answer (`rows` from index `first`, asked for at `version`): the
 * pages on screen hold only those rows, their others being holes read on demand; a page asked
 * for since is kept (as new or newer); every other page goes, as its rows may have shifted.
 */
function afterRefresh(
  pages: ReadonlyMap<number, Page>,
  onScreen: ReadonlySet<number>,
  version: number,
  first: number,
  rows: Fulfillment[],
): Map<number, Page> {
  const next = new Map([...pages].filter(([, page]) => page.version >= version));
  const fresh = new Map<number, Fulfillment[]>();
  for (const page of onScreen) if (!next.has(page)) fresh.set(page, []);
  rows.forEach((row, i) => {
    const index = first + i;
    const page = fresh.get(Math.floor(index / PAGE_SIZE));
    if (page) page[index % PAGE_SIZE] = row;
  });
  for (const [page, rowsOf] of fresh) next.set(page, { rows: rowsOf, version });
  return next;
}

/**
 * A list read's answer and the order it was asked in: answers can land out of that order (a
 * recount of the list's end held up behind a page read asked later), and a count asked for
 * earlier is older than one asked for later.
 */
type ListAnswer = MethodResult<'fulfillments.list'> & { seq: number };

type Length = Pick<PagesState, 'total' | 'totalIsLowerBound' | 'countSeq'>;

const emptyFor = (key: string): PagesState => ({
  key,
  total: null,
  totalIsLowerBound: false,
  countSeq: -1,
  pages: new Map(),
  error: null,
});

/**
 * The list's length after a page's answer: an exact count wins, lower bounds only grow, and a
 * bound no larger than an exact count known agrees with it (a page far from the end of a search
 * answers a bound; taking it would cut the rows past it from under the merchant). A change
 * answered so can leave that count wrong: the refresh then asks the end of the list again.
 * An answer asked for before the one the length came from never replaces it, except an exact
 * count that a newer bound does not contradict (the bound says less).
 */
function lengthAfter(s: PagesState, result: ListAnswer): Length {
  const kept: Length = {
    total: s.total,
    totalIsLowerBound: s.totalIsLowerBound,
    countSeq: s.countSeq,
  };
  const older = result.seq < s.countSeq;
  if (!result.totalIsLowerBound) {
    if (older && (!s.totalIsLowerBound || (s.total ?? 0) > result.total)) return kept;
    return { total: result.total, totalIsLowerBound: false, countSeq: result.seq };
  }
  if (s.total !== null && !s.totalIsLowerBound && result.total <= s.total) return kept;
  if (older) return kept;
  const total = Math.max(s.total ?? 0, result.total);
  return { total, totalIsLowerBound: true, countSeq: result.seq };
}

/**
 * The sales list read from SQLite a page at a time, only where the merchant is
 * looking: 100,000 rows never cross the bridge at once.
 */
export function useFulfillmentPages(query: ListQuery): FulfillmentPages {
  const queryKey = keyOf(query);
  const [stored, setState] = useState<PagesState>(() => emptyFor(queryKey));
  const state = stored.key === queryKey ? stored : emptyFor(queryKey);
  // Counts the changes seen (refresh calls). Each read remembers the count it was asked at: a
  // refresh's answer replaces the rows read before it; rows read after it are kept. No read is
  // thrown away for a newer change alone, since during an outbox drain one comes every few ms.
  const changes = useRef(0);
  // Bumped on every new query: answers to an older query's reads are dropped.
  const generation = useRef(0);
  // Page -> the change count it was last asked for at.
  const requested = useRef(new Map<number, number>());
  const visible = useRef<[number, number]>([0, 0]);
  // This query's re-reads after changes: one on its way at a time (see refresh below).
  const refreshRun = useRef<Coalesced | null>(null);
  // The exact count shown, if it is one: a refresh that answers only a bound checks it again.
  const exactTotal = useRef<number | null>(null);
  // Numbers the list reads in the order they are asked (ListAnswer).
  const reads = useRef(0);
  useEffect(() => {
    exactTotal.current = state.totalIsLowerBound ? null : state.total;
  });
  // This query's list read, and its state (a state left from another query counts as empty).
  const readList = useCallback(
    (offset: number, limit: number): Promise<ListAnswer> => {
      reads.current += 1;
      const seq = reads.current;
      return getBridge()
        .invoke('fulfillments.list', {
          ...valueOf(queryKey),
          limit,
          offset,
          countAhead: COUNT_AHEAD,
        })
        .then((answer) => ({ ...answer, seq }));
    },
    [queryKey],
  );
  const ofQuery = useCallback(
    (s: PagesState): PagesState => (s.key === queryKey ? s : emptyFor(queryKey)),
    [queryKey],
  );

  const load = useCallback(
    (page: number) => {
      if (requested.current.has(page)) return;
      const version = changes.current;
      requested.current.set(page, version);
      const gen = generation.current;
      // Still the read this page waits for: no new query, and no refresh's answer newer than it.
      const current = () => gen === generation.current && requested.current.get(page) === version;
      readList(page * PAGE_SIZE, PAGE_SIZE).then(
        (result) => {
          if (!current()) return;
          setState((s) => {
            const base = ofQuery(s);
            return {
              key: queryKey,
              ...lengthAfter(base, result),
              pages: new Map(base.pages).set(page, { rows: result.items, version }),
              error: null,
            };
          });
        },
        (error: unknown) => {
          if (!current()) return;
          requested.current.delete(page);
          setState((s) => ({ ...ofQuery(s), error }));
        },
      );
    },
    [queryKey, readList, ofQuery],
  );

  const visiblePages = useCallback((): number[] => {
    const [first, last] = visible.current;
    const pages: number[] = [];
    for (let p = Math.floor(first / PAGE_SIZE); p <= Math.floor(last / PAGE_SIZE); p += 1) {
      pages.push(p);
    }
    return pages;
  }, []);

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
  const readOnScreen = useCallback(async (): Promise<void> => {
    const gen = generation.current;
    const version = changes.current;
    const [first, last] = visible.current;
    const onScreen = new Set(visiblePages());
    try {
      const result = await readList(first, last - first + 1 + ARRIVALS_AHEAD);
      if (gen !== generation.current) return;
      // Pages asked for before this read may hold shifted rows: they are read again.
      for (const [page, asked] of requested.current) {
        if (asked < version) requested.current.delete(page);
      }
      const known = exactTotal.current;
      setState((s) => {
        const base = ofQuery(s);
        return {
          key: queryKey,
          ...lengthAfter(base, result),
          pages: afterRefresh(base.pages, onScreen, version, first, result.items),
          error: null,
        };
      });
      // The merchant may have scrolled on while it was read: fill the rows now on screen.
      const [nowFirst, nowLast] = visible.current;
      if (nowFirst < first || nowLast > last + ARRIVALS_AHEAD) {
        for (const page of visiblePages()) load(page);
      }
      // A bound no larger than the exact count known cannot say whether the change added a hit
      // or took one away: one row at the known end counts them all again.
      if (result.totalIsLowerBound && known !== null && result.total <= known) {
        const end = await readList(Math.max(0, known - 1), 1);
        if (gen !== generation.current) return;
        setState((s) => ({ ...ofQuery(s), ...lengthAfter(ofQuery(s), end) }));
      }
    } catch (error: unknown) {
      if (gen !== generation.current) return;
      setState((s) => ({ ...ofQuery(s), error }));
    }
  }, [queryKey, visiblePages, load, readList, ofQuery]);

  // A hidden window re-reads nothing: the changes it missed are read once when it shows.
  const readWhileShown = useSkipWhileHidden(readOnScreen, () => refreshRun.current?.request());

  useEffect(() => {
    generation.current += 1;
    requested.current = new Map();
    visible.current = [0, 0];
    // One read is on its way at a time: changes meanwhile ask for one more when it answers, not
    // one each (each read would throw the one before away).
    const run = coalesce(readWhileShown, () => refreshRun.current === run);
    refreshRun.current = run;
    load(0);
  }, [load, readWhileShown]);

  const refresh = useCallback(() => {
    changes.current += 1;
    refreshRun.current?.request();
  }, []);
  const refreshed = useCallback(() => refreshRun.current?.settled() ?? Promise.resolve(), []);

  const replace = useCallback((f: Fulfillment) => {
    setState((s) => {
      const pages = new Map(s.pages);
      for (const [page, { rows, version }] of pages) {
        if (rows.some((r) => r.id === f.id)) {
          // The row's delivery state stays until the list is read again; a sale now marked
          // fulfilled holds its deliveries and shows none (main reads them for new sales only).
          const next = (r: Fulfillment) =>
            r.delivery && f.status === 'new' ? { delivery: r.delivery, ...f } : f;
          pages.set(page, { rows: rows.map((r) => (r.id === f.id ? next(r) : r)), version });
        }
      }
      return { ...s, pages };
    });
  }, []);

  const row = (index: number) =>
    state.pages.get(Math.floor(index / PAGE_SIZE))?.rows[index % PAGE_SIZE];
  const isLoaded = (id: number) =>
    [...state.pages.values()].some((page) => page.rows.some((r) => r.id === id));

  // A delivery's change shows on its sale's row ("Delivering…", "Needs attention"): the rows on
  // screen are read again when the sale is among those loaded (during an outbox drain, one read
  // on its way at a time, as for new sales).
  useEvent('jobs.changed', ({ saleId }) => {
    if (isLoaded(saleId)) refresh();
  });
  return {
    total: state.total,
    totalIsLowerBound: state.totalIsLowerBound,
    error: state.error,
    row,
    isLoaded,
    showRange,
    refresh,
    refreshed,
    replace,
  };
}
