// The insert worker answers a batch once its COMMIT returns, and processing on the receiver's
// own connection reads the worker's rows with no guard: both rest on SQLite, in WAL mode with
// synchronous=FULL, syncing the WAL inside the commit BEFORE it publishes the commit to other
// connections (the wal-index header). This pins that order in the SQLite better-sqlite3 builds,
// and that a worker whose commits do not wait for the disk is never used.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../support/temp-dir';
import { openStoreWithAccount } from '../../support/test-store';
import { keylessEvent } from '../../support/keyless-event';
import { writerOn } from '../../support/receiver-writer';

const tmp = useTempDir('cc-worker-commit-order-');

/** The body of walFrames(), where a WAL commit's frames are written, synced and published. */
function walFrames(): string {
  const require = createRequire(import.meta.url);
  const root = dirname(require.resolve('better-sqlite3/package.json'));
  const source = readFileSync(join(root, 'deps', 'sqlite3', 'sqlite3.c'), 'utf8');
  const start = source.indexOf('\nstatic int walFrames(');
  expect(start).toBeGreaterThan(0);
  const end = source.indexOf('\n}\n', start);
  return source.slice(start, end);
}

describe("the insert worker's durable commit", () => {
  it("is synced before SQLite makes it visible to the receiver's connection", () => {
    const body = walFrames();
    const sync = body.indexOf('rc = sqlite3OsSync(w.pFd, WAL_SYNC_FLAGS(sync_flags));');
    const publish = body.indexOf('walIndexWriteHdr(pWal);');
    expect(sync).toBeGreaterThan(0);
    expect(publish).toBeGreaterThan(sync);
    // A failed sync returns before the header is written: the commit is never published.
    expect(body.slice(sync, publish)).toContain('if( rc==SQLITE_OK ){');
  });

  it('is not trusted from a worker whose connection does not sync its commits', async () => {
    const { store, accountId } = openStoreWithAccount(tmp.file('console.db'));
    const script = tmp.file('normal-worker.mjs');
    writeFileSync(
      script,
      [
        "import { parentPort } from 'node:worker_threads';",
        'parentPort.postMessage({ ready: true, synchronous: 1 });',
        "parentPort.on('message', () => {});",
      ].join('\n'),
    );
    const repos = { ...store, insertsOffThread: () => store.insertsOffThread({ script }) };
    const { writer, stop } = writerOn(store, repos, { offThreadFrom: 0 });
    expect(await writer.insertsOffThread()).toBe(false);
    // Stored and answered here instead (the worker would never have answered).
    const stored = await writer.insertVerified(keylessEvent(accountId, 1));
    expect(stored.duplicate).toBe(false);
    expect(store.events.count(accountId)).toBe(1);
    await stop();
  });
});
