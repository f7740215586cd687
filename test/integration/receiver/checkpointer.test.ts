// The receiver's WAL checkpoints run on a worker thread of their own: the WAL is still copied
// into the database file and, once writes pause, emptied, so it cannot grow without bound.
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../main/store';
import { useCleanups } from '../../support/cleanups';
import { withRawDb } from '../../support/raw-db';
import { useTempDir } from '../../support/temp-dir';
import { openStoreWithAccount } from '../../support/test-store';
import { fillWal } from '../../support/wal-filler';

const tmp = useTempDir('cc-checkpointer-');
const cleanups = useCleanups();

describe('checkpoints off the event loop', () => {
  it('copies the WAL into the file and empties it once writes pause', async () => {
    const file = tmp.file('console.db');
    const { store, accountId } = openStoreWithAccount(file);
    cleanups.closing(store);
    const checkpoints = store.checkpointOffThread();
    // Past SQLite's automatic threshold (1000 pages): 300 commits of 16 KiB bodies.
    fillWal(store, accountId, 300);
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(4 * 1024 * 1024);
    await expect.poll(() => statSync(`${file}-wal`).size, { timeout: 15_000 }).toBe(0);
    await checkpoints.close();
    // Every row is in the database file itself: read with the WAL empty.
    expect(
      withRawDb(file, (db) => db.prepare('SELECT count(*) FROM webhook_events').pluck().get()),
    ).toBe(300);
    store.close();
    const reopened = cleanups.closing(openStore(file));
    expect(reopened.events.count(accountId)).toBe(300);
  });

  it('stops at close within its bound, and closing twice is one close', async () => {
    const { store } = openStoreWithAccount(tmp.file('console.db'));
    cleanups.closing(store);
    const checkpoints = store.checkpointOffThread();
    await Promise.all([checkpoints.close(), checkpoints.close()]);
  });

  it('settles its close in a process with nothing else to wait for', () => {
    // The worker does not keep a process alive; closing it must, or the close never settles.
    const store = pathToFileURL(resolve('main/store/index.ts')).href;
    const script = `import { openStore } from '${store}';
      const store = openStore(${JSON.stringify(tmp.file('console.db'))});
      await store.checkpointOffThread().close();
      store.close();
      process.stdout.write('closed');`;
    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(child.stdout).toBe('closed');
    expect(child.status).toBe(0);
  });
});
