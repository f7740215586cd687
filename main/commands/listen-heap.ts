// `listen` is an always-on receiver: ~25 MB of its heap is live, while a burst of deliveries
// churns through ~57 KB of short-lived objects each, some of it promoted (bodies waiting for
// the disk, sales waiting for processing) and dead soon after. By default V8 lets the old
// generation grow to up to ~4x what survived the last full GC before it collects again, the
// factor following its GC speed against the allocation rate: listen's peak RSS over 100,000
// deliveries swung 188-232 MB between runs of one commit, almost all of it garbage. A fixed
// factor of 1.5 collects near the live size instead: a few more full GCs (concurrent marking
// of a small heap), the same ingest rate in bench memory. It is the hold an export takes for its
// rows (sales/export-heap.ts), never given back: so an export in this process keeps it too.
import { holdHeapNearLive } from '../sales';

/** For the whole process: only `listen` and `export`, each the whole process, call it. */
export function keepHeapNearLive(): void {
  holdHeapNearLive();
}
