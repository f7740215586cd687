// A search with many hits inside a filtered list, found from the filters' side (issue 16): the
// list's kept rows walked from their own index in chunks, each chunk matched against the hits
// between its lowest and its highest id.
import type { SearchIndex } from './text-search';

/**
 * A list's rows kept by its filters, read from the filters' own index a chunk at a time: each call
 * returns the ids of the next `size` rows (fewer once none are left), continuing where the last
 * call stopped.
 */
export type KeptWalk = (size: number) => unknown[];

/** What keptHits found: the first matching rows in the walk's order, and how many match. */
export interface KeptHits {
  first: number[];
  /** How many kept rows the search matches, counting no further than `bound` + 1. */
  count: number;
}

// The first chunk is small: it tells how often a kept row matches before a larger one is read.
const KEPT_FIRST = 1024;
const KEPT_MOST = 16_384;
// At 1,000,000 rows a kept id read from its index took 0.14 us, a hit read 0.4 us and joining a
// hit to its row 0.45 (a link's status index) to 0.95 us (a sale): past two kept ids per hit that
// joining would read, joining costs less.
const KEPT_PER_HIT = 2;
const HITS_SLACK = 1024;

/** The index in `sorted` (ascending) of the last value at most `id`; -1 when there is none. */
function lastAtMost(sorted: number[], id: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((sorted[mid] ?? id) <= id) low = mid + 1;
    else high = mid;
  }
  return low - 1;
}

/** Those of `ids` (in their order) that `hits` (ascending) holds. */
function hitsAmong(hits: number[], ids: number[]): number[] {
  const found: number[] = [];
  let at = hits.length - 1;
  let previous = Number.POSITIVE_INFINITY;
  for (const id of ids) {
    // A walk's ids mostly fall: merged down from the last place, bisected where they rise.
    if (id > previous) at = lastAtMost(hits, id);
    else while (at >= 0 && (hits[at] ?? id) > id) at -= 1;
    if (hits[at] === id) found.push(id);
    previous = id;
  }
  return found;
}

// A chunk whose ids span more than its hits may be read is read in up to RANGES_MOST ranges, cut
// at its widest gaps (wider than GAP_LEAST ids): one new sale with a far-off id (a clock once set
// ahead) made every chunk's range hold the account's hits, and the search fell back to the join.
const RANGES_MOST = 16;
const GAP_LEAST = 1024;

/** Ranges from the lowest to the highest of `ids` that leave out their widest gaps. */
function rangesOf(ids: number[]): [number, number][] {
  const sorted = [...ids].sort((a, b) => a - b);
  const at = (i: number) => sorted[i] ?? 0;
  const gapBefore = (i: number) => at(i) - at(i - 1);
  const cuts: number[] = [];
  for (let i = 1; i < sorted.length; i += 1) if (gapBefore(i) > GAP_LEAST) cuts.push(i);
  cuts.sort((a, b) => gapBefore(b) - gapBefore(a));
  const kept = cuts.slice(0, RANGES_MOST - 1).sort((a, b) => a - b);
  const ranges: [number, number][] = [];
  let start = 0;
  for (const cut of kept) {
    ranges.push([at(start), at(cut - 1)]);
    start = cut;
  }
  ranges.push([at(start), at(sorted.length - 1)]);
  return ranges;
}

const areIds = (values: unknown[]): values is number[] => values.every(Number.isSafeInteger);

function intsOf(values: unknown[]): number[] {
  if (!areIds(values)) throw new Error('expected integer ids from the store');
  return values;
}

/** How far keptHits may go, and what the filters keep. */
export interface KeptLimits {
  /** How many of the first matches to return. */
  want: number;
  /** Counting stops past it. */
  bound: number;
  /** The part of the account's rows the filters keep. */
  share: number;
  /** How many rows the filters keep: the most the walk can read. */
  keptRows: number;
}

/**
 * Whether the account has more than `most` hits, counted through the index no further than need
 * be: a count that stopped past a bound answers for any lower one, and a later, higher `most`
 * counts to twice the last bound at least, so that a walk's counts add up to a few of its last.
 */
function hitsAbove(index: SearchIndex): (most: number) => boolean {
  let counted = -1;
  let hits = 0;
  return (most) => {
    if (hits <= counted || most < hits) return hits > most;
    counted = Math.max(most, 2 * counted);
    hits = index.countUpTo(counted);
    return hits > most;
  };
}

/**
 * The rows of a filtered list that a search with many hits matches, found from the filters' side:
 * `walk` reads the kept rows' ids from their index, a chunk at a time, and each chunk keeps the
 * hits between its lowest and its highest id. Joining every hit to its row to read its filters
 * (a table or index lookup per hit) cost twice as long: "new" sales matching a word in a third of
 * 1,000,000 sales, 5,100 of them counted, read 20,400 hits (issue 16). `first` holds the first
 * `want` matches in the walk's order; counting stops past `bound`.
 *
 * Undefined (join instead) once the walk costs more than joining would: hits sparse among the
 * kept rows (many kept ids read per hit), kept rows whose ids are spread far apart (each chunk's
 * id range holding far more hits than joining would read for what it finds), or an account with
 * fewer hits in all than half the kept rows the walk would still read.
 */
export function keptHits(
  index: SearchIndex,
  walk: KeptWalk,
  params: Record<string, unknown>,
  limits: KeptLimits,
): KeptHits | undefined {
  const { want, bound, share, keptRows } = limits;
  const accountHits = hitsAbove(index);
  const first: number[] = [];
  let count = 0;
  let kept = 0;
  let read = 0;
  // What joining would read to find `found` matches: a hit is kept about `share` of the time.
  const joinReads = (found: number) => Math.ceil((2 * found) / share) + HITS_SLACK;
  for (let size = KEPT_FIRST; ;) {
    const ids = intsOf(walk(size));
    kept += ids.length;
    if (ids.length > 0) {
      const lowId = Math.min(...ids);
      const highId = Math.max(...ids);
      const most = joinReads(count + ids.length) - read;
      // A range no wider than the hits it may hold is read whole (the usual chunk: no sort).
      const ranges = highId - lowId < most ? [[lowId, highId]] : rangesOf(ids);
      let hits: number[] = [];
      for (const [low, high] of ranges) {
        const left = most - hits.length + 1;
        const part = intsOf(index.between({ ...params, lowId: low, highId: high, most: left }));
        hits = hits.length === 0 ? part : hits.concat(part);
        if (hits.length > most) return undefined;
      }
      read += hits.length;
      for (const id of hitsAmong(hits, ids)) {
        if (first.length < want) first.push(id);
        count += 1;
        if (count > bound) return { first, count };
      }
    }
    if (ids.length < size) return { first, count };
    // Joining reads the hits read here and, to find as many matches, about count / share hits:
    // weighing only the former left the newest 6,000 of 100,000 sales, new, a third of them hits,
    // to a join of every hit (a page in 125-220 ms under load; 21-30 ms walked).
    const joinWouldRead = Math.max(read, count / share);
    if (read > joinReads(count) || kept > KEPT_PER_HIT * joinWouldRead + KEPT_FIRST / 4) {
      return undefined;
    }
    // Enough kept rows for what is left to find, at the rate found so far.
    const perKept = Math.max(count / kept, 1 / 64);
    size = Math.min(KEPT_MOST, Math.max(256, Math.ceil((bound + 1 - count) / perKept) + 64));
    // count / share assumes the hits spread evenly over the filters' values; sitting among the
    // kept rows (a product launched lately: all its sales new), joining reads no more than the
    // account's few hits while the walk reads every kept row: 500,000 sales, the newest 5% new,
    // 2,500 hits, all new, walked in 7.2 ms, joined in 4.0. Where count / share is what keeps the
    // walk going, it goes on only if the account has more hits than half the kept rows it would
    // still read: the next chunk, or the kept rows left if fewer.
    if (kept > KEPT_PER_HIT * read + KEPT_FIRST / 4) {
      const ahead = Math.min(keptRows, kept + size) - kept;
      if (!accountHits(Math.ceil((ahead - KEPT_FIRST / 4) / KEPT_PER_HIT))) return undefined;
    }
  }
}
