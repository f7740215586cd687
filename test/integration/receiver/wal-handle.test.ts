// The receiver's answers wait for syncToDisk, once per group commit. It keeps the WAL open for
// those syncs (one fsync through the thread pool, not an open, an fsync and a close), and lets
// go of it when the store closes: a handle kept after that would pin a deleted file.
import fs, { existsSync, readdirSync, readlinkSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useCleanups } from '../../support/cleanups';
import { keylessEvent } from '../../support/keyless-event';
import { replaceFs } from '../../support/replace-fs';
import { useTempDir } from '../../support/temp-dir';
import { openStoreWithAccount } from '../../support/test-store';

const tmp = useTempDir('cc-wal-handle-');
const cleanups = useCleanups();

/** This process's open files that are `path` (Linux's /proc; none elsewhere). */
function openHandles(path: string): number {
  if (!existsSync('/proc/self/fd')) return 0;
  return readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === path;
    } catch {
      return false; // closed while listed
    }
  }).length;
}

describe("the store's WAL syncs", () => {
  it('open the WAL once for every sync, and close it with the store', async () => {
    const { store, accountId } = openStoreWithAccount(tmp.file('console.db'));
    const wal = `${store.file}-wal`;
    const opened: string[] = [];
    replaceFs(
      cleanups,
      'open',
      (original) =>
        ((path: fs.PathLike, ...rest: unknown[]) => {
          opened.push(String(path));
          return (original as (...a: unknown[]) => void)(path, ...rest);
        }) as typeof fs.open,
    );
    for (const n of [1, 2, 3]) {
      store.events.insertVerified(keylessEvent(accountId, n));
      await store.syncToDisk();
    }
    expect(opened.filter((p) => p === wal)).toHaveLength(1);
    store.close();
    await expect.poll(() => openHandles(wal)).toBe(0);
  });
});
