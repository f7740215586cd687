// When the receiver's insert worker fails a batch, the receiving thread stores it instead. Two
// ways that must still keep "a 200 means the event is on disk": the worker ended after it had
// committed the batch (its rows are then found here as duplicates that no sync has covered),
// and the worker answered a failure (its write lock timed out): stored here in one transaction
// and one sync, not refused.
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { systemNow, type Store } from '../../../main/store';
import { startOffThreadInserts } from '../../../main/store/writer';
import { writerOn } from '../../support/receiver-writer';
import { useTempDir } from '../../support/temp-dir';
import { keylessEvent } from '../../support/keyless-event';
import { openStoreWithAccount } from '../../support/test-store';

const tmp = useTempDir('cc-receiver-insert-worker-ended-');
const packageJson = pathToFileURL(join(resolve(import.meta.dirname, '../../..'), 'package.json'));

/** A worker script in the temp folder: opens the store as the real one does, then `onInsert`. */
function fakeWorker(file: string, onInsert: string): string {
  const script = tmp.file(`worker-${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(
    script,
    `import { parentPort } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { createHash } from 'node:crypto';
const Database = createRequire(${JSON.stringify(packageJson.href)})('better-sqlite3');
const db = new Database(${JSON.stringify(file)});
db.pragma('busy_timeout = 5000');
db.pragma('synchronous = NORMAL');
parentPort.postMessage({ ready: true });
parentPort.on('message', (m) => {
  if (m.kind === 'close') {
    db.close();
    process.exit(0);
  }
  if (m.kind !== 'insert') return;
  ${onInsert}
});
`,
  );
  return script;
}

// The worker's commit, as the real one makes it (same columns), without its answer.
const COMMIT = `const ins = db.prepare("INSERT INTO webhook_events (account_id, received_at, body, body_sha256, headers_json, event_type, session_id, business_key, verification, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'valid', NULL)");
  db.transaction(() => { for (const e of m.events) ins.run(e.accountId, e.receivedAt, e.body, createHash('sha256').update(e.body).digest('hex'), JSON.stringify(e.headers), e.eventType, e.sessionId, e.businessKey); })();`;

/** The store with its insert worker run from `script`, counting the WAL syncs asked for. */
function counting(store: Store, script: string): { store: Store; syncs: () => number } {
  let syncs = 0;
  return {
    store: {
      ...store,
      insertsOffThread: () => startOffThreadInserts(store.file, systemNow, script),
      syncToDisk: () => {
        syncs += 1;
        return store.syncToDisk();
      },
    },
    syncs: () => syncs,
  };
}

describe('a batch the insert worker did not store', () => {
  it('is answered only after a sync when the worker committed it and then ended', async () => {
    const { store, accountId } = openStoreWithAccount(tmp.file('console.db'));
    const c = counting(store, fakeWorker(store.file, `${COMMIT}\n  process.exit(7);`));
    const { writer, stop } = writerOn(store, c.store, { offThreadFrom: 2 });
    // A first burst starts the worker (stored on this thread while it opens).
    await Promise.all([10, 11].map((n) => writer.insertVerified(keylessEvent(accountId, n))));
    expect(await writer.insertsOffThread()).toBe(true);
    let syncsAtAnswer = -1;
    const before = c.syncs();
    const answered = await Promise.all(
      [1, 2].map((n) =>
        writer.insertVerified(keylessEvent(accountId, n)).then((r) => {
          syncsAtAnswer = c.syncs() - before;
          return r;
        }),
      ),
    );
    // Processed (by a look-up: the worker's rows were never handed to processing) ...
    await expect.poll(() => store.events.unprocessed(accountId)).toEqual([]);
    await stop();
    expect(answered).toHaveLength(2);
    // ... and answered after a sync of the WAL the worker wrote them into.
    expect(syncsAtAnswer).toBeGreaterThan(0);
  });

  it('is stored on the receiving thread in one transaction and one sync when the worker fails it', async () => {
    const { store, accountId } = openStoreWithAccount(tmp.file('console.db'));
    const script = fakeWorker(
      store.file,
      `parentPort.postMessage({ seq: m.seq, ok: false, reason: 'database is locked' });`,
    );
    const c = counting(store, script);
    const { writer, stop } = writerOn(store, c.store, { offThreadFrom: 0 });
    expect(await writer.insertsOffThread()).toBe(true);
    const before = c.syncs();
    // One delivery alone, then a batch: neither is refused.
    const one = await writer.insertVerified(keylessEvent(accountId, 1));
    const many = await Promise.all(
      [2, 3, 4].map((n) => writer.insertVerified(keylessEvent(accountId, n))),
    );
    expect([one, ...many].map((r) => r.duplicate)).toEqual([false, false, false, false]);
    expect(c.syncs() - before).toBe(2);
    expect(store.events.count(accountId)).toBe(4);
    await stop();
  });
});
