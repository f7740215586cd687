// `listen` is an always-on receiver: ~25 MB of its heap is live, while a burst of deliveries
// churns through ~57 KB of short-lived objects each, some of it promoted (bodies waiting for
// the disk, sales waiting for processing) and dead soon after. By default V8 lets the old
// generation grow to up to ~4x what survived the last full GC before it collects again, the
// factor following its GC speed against the allocation rate: listen's peak RSS over 100,000
// deliveries swung 188-232 MB between runs of one commit, almost all of it garbage. A fixed
// factor of 1.5 collects near the live size instead: a few more full GCs (concurrent marking
// of a small heap), the same ingest rate in bench memory.
import { setFlagsFromString } from 'node:v8';

/** The old generation may grow by this percent of what survived the last full GC. */
export const LISTEN_HEAP_GROWING_PERCENT = 50;

/** For the whole process: only `listen`, which is the whole process, calls it. */
export function keepHeapNearLive(): void {
  setFlagsFromString(`--heap-growing-percent=${LISTEN_HEAP_GROWING_PERCENT}`);
}
