// A checkpoint worker whose checkpoints fail (EIO, a full disk) must not let the WAL grow
// unseen: after a few failures in a row SQLite's own checkpoint takes over, said once in the
// log; a failed fsync of the database file stops acknowledgements, as a failed WAL sync does.
import { spawnSync } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Store } from '../../../main/store';
import { useCleanups } from '../../support/cleanups';
import { useTempDir } from '../../support/temp-dir';
import { openStoreWithAccount } from '../../support/test-store';
import { fillWal } from '../../support/wal-filler';

const tmp = useTempDir('cc-checkpoint-failures-');
const cleanups = useCleanups();
const FAILING_SQLITE = resolve('test/integration/store/fixtures/failing-checkpoint-sqlite.cjs');

/** Starts the store's checkpoint worker on the failing module; returns the lines it logs. */
function failingCheckpoints(store: Store, code: string): string[] {
  const lines: string[] = [];
  // A worker copies the environment when it starts: set for that moment only.
  const before = process.env.CC_TEST_CHECKPOINT_FAILURE;
  process.env.CC_TEST_CHECKPOINT_FAILURE = code;
  try {
    cleanups.closing(
      store.checkpointOffThread({ sqlite: FAILING_SQLITE, warn: (line) => lines.push(line) }),
    );
  } finally {
    if (before === undefined) delete process.env.CC_TEST_CHECKPOINT_FAILURE;
    else process.env.CC_TEST_CHECKPOINT_FAILURE = before;
  }
  return lines;
}

describe('checkpoints that keep failing', () => {
  it('are handed back to SQLite after a few, said once in the log', async () => {
    const file = tmp.file('console.db');
    const { store, accountId } = openStoreWithAccount(file);
    cleanups.closing(store);
    const lines = failingCheckpoints(store, 'SQLITE_IOERR_WRITE');
    await expect.poll(() => lines.length, { timeout: 15_000 }).toBe(1);
    expect(lines[0]).toMatch(/SQLITE_IOERR_WRITE: disk I\/O error/);
    // Past SQLite's threshold (1000 pages): the store's own commits copy the WAL into the file.
    const before = statSync(file).size;
    fillWal(store, accountId, 300);
    expect(statSync(file).size).toBeGreaterThan(before + 1024 * 1024);
    expect(lines).toHaveLength(1);
    await expect(store.syncToDisk()).resolves.toBeUndefined();
  });

  it('stop acknowledgements at once when the fsync of the database file failed', async () => {
    const { store, accountId } = openStoreWithAccount(tmp.file('console.db'));
    cleanups.closing(store);
    const lines = failingCheckpoints(store, 'SQLITE_IOERR_FSYNC');
    await expect.poll(() => lines.length, { timeout: 15_000 }).toBe(1);
    expect(lines[0]).toMatch(/could not be synced \(SQLITE_IOERR_FSYNC/);
    fillWal(store, accountId, 1);
    await expect(store.syncToDisk()).rejects.toThrow(/could not be saved to disk/);
  });
});

describe('the worker listening for failures', () => {
  it('does not keep a process alive that never closes it', () => {
    // A script file, not -e: a process running -e exits when the script ends, alive worker or not.
    const script = tmp.file('start-checkpoints.mjs');
    const store = pathToFileURL(resolve('main/store/index.ts')).href;
    writeFileSync(
      script,
      `import { openStore } from '${store}';
      openStore(${JSON.stringify(tmp.file('console.db'))}).checkpointOffThread();
      process.stdout.write('started');`,
    );
    const child = spawnSync(process.execPath, ['--import', 'tsx', script], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(child.stdout).toBe('started');
    expect(child.signal).toBeNull();
    expect(child.status).toBe(0);
  });
});
