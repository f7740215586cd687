// The receiver's answers wait for syncToDisk, once per group commit. It keeps the WAL open for
// those syncs (one fsync through the thread pool, not an open, an fsync and a close), and lets
// go of it when the store closes: a handle kept after that would pin a deleted file.
import fs, { existsSync, readdirSync, readlinkSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useCleanups } from '../../support/cleanups';
import { keylessEvent } from '../../support/keyless-event';
import { recordOpens, replaceFs } from '../../support/replace-fs';
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
    const opened = recordOpens(cleanups);
    for (const n of [1, 2, 3]) {
      store.events.insertVerified(keylessEvent(accountId, n));
      await store.syncToDisk();
    }
    expect(opened.filter((p) => p === wal)).toHaveLength(1);
    store.close();
    await expect.poll(() => openHandles(wal)).toBe(0);
  });

  it('keeps the handle open until a sync running at close has ended', async () => {
    // Closed under a running fsync, its number could be another file's by the time the thread
    // pool runs it, and that file's clean sync would read as the WAL's.
    const { store, accountId } = openStoreWithAccount(tmp.file('console.db'));
    store.events.insertVerified(keylessEvent(accountId, 1));
    await store.syncToDisk(); // the handle is open
    const events: string[] = [];
    let finishSync: () => void = () => {};
    replaceFs(
      cleanups,
      'fsync',
      (original) =>
        ((fd: number, done: (e: NodeJS.ErrnoException | null) => void) => {
          events.push('fsync asked');
          finishSync = () => original(fd, (e) => (events.push('fsync ended'), done(e)));
        }) as typeof fs.fsync,
    );
    replaceFs(
      cleanups,
      'close',
      (original) =>
        ((fd: number, done: (e: NodeJS.ErrnoException | null) => void) => {
          events.push('closed');
          original(fd, done);
        }) as typeof fs.close,
    );
    store.events.insertVerified(keylessEvent(accountId, 2));
    const sync = store.syncToDisk();
    await expect.poll(() => events).toEqual(['fsync asked']);
    store.close();
    // Given the loop turns a close would take: still open.
    for (let turn = 0; turn < 5; turn += 1) await new Promise((r) => setImmediate(r));
    expect(events).toEqual(['fsync asked']);
    finishSync();
    await sync;
    await expect.poll(() => events).toEqual(['fsync asked', 'fsync ended', 'closed']);
  });
});
