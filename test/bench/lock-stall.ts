// lock-stall: the longest the receiver's event loop stalls while another connection (from a
// thread of its own, as another process would) holds the store's write lock for 6 s and
// deliveries keep arriving (one every 10 ms for 8 s, into the receiver's group-commit writer,
// main/receiver/batching.ts). A writer that waits in SQLite's busy handler freezes the loop up to
// busy_timeout (5 s) per batch; one that tries without waiting keeps it turning.
// Figures: the event loop's delay (perf_hooks monitorEventLoopDelay, 1 ms resolution) max and
// p99 over the run, the deliveries answered stored and refused (500), and the rows stored.
// Standalone: node --import tsx test/bench/lock-stall.ts [holdMs] [sendMs]
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { createWriter } from '../../main/receiver/batching';
import { makeTempDir } from '../support/temp-dir';
import { openStoreWithAccount } from '../support/test-store';
import { keylessEvent } from '../support/keyless-event';
import { holdWriteLock } from '../support/write-lock-holder';
import { createReporter, type Report } from './report';

const HOLD_MS = 6000;
const SEND_MS = 8000;
const EVERY_MS = 10;

export async function bench(report: Report, holdMs = HOLD_MS, sendMs = SEND_MS): Promise<void> {
  const dir = makeTempDir('cc-bench-lock-stall-');
  const { store, accountId } = openStoreWithAccount(dir.file('console.db'));
  let closed = false;
  const writer = createWriter(
    store,
    () => {},
    () => closed,
  );
  try {
    const delay = monitorEventLoopDelay({ resolution: 1 });
    const holder = await holdWriteLock(store.file, holdMs);
    delay.enable();
    const answers: Array<Promise<boolean>> = [];
    let n = 0;
    await new Promise<void>((resolve) => {
      const sending = setInterval(() => {
        n += 1;
        answers.push(
          writer.insertVerified(keylessEvent(accountId, n)).then(
            () => true,
            () => false,
          ),
        );
      }, EVERY_MS);
      setTimeout(() => {
        clearInterval(sending);
        resolve();
      }, sendMs);
    });
    const settled = await Promise.all(answers);
    delay.disable();
    await holder.ended;
    report('lock_stall.loop_delay.max', delay.max / 1e6, 'ms');
    report('lock_stall.loop_delay.p99', delay.percentile(99) / 1e6, 'ms');
    report('lock_stall.sent', settled.length, 'deliveries');
    report('lock_stall.stored', settled.filter((ok) => ok).length, 'deliveries');
    report('lock_stall.refused', settled.filter((ok) => !ok).length, 'deliveries');
    report('lock_stall.rows', store.events.count(accountId), 'rows');
  } finally {
    closed = true;
    await writer.close();
    store.close();
    dir.remove();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await bench(
    createReporter([]),
    Number(process.argv[2] ?? HOLD_MS),
    Number(process.argv[3] ?? SEND_MS),
  );
}
