// The store's syncToDisk (what the receiver waits for before a 200) must fsync the WAL SQLite
// really writes, and after one failed fsync acknowledge nothing more until the store reopens.
import fs, { mkdirSync, symlinkSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../main/store';
import { useCleanups } from '../../support/cleanups';
import { recordOpens, replaceFs } from '../../support/replace-fs';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir('cc-disk-sync-');
const cleanups = useCleanups();

describe('syncing the store to disk', () => {
  it('syncs the WAL beside the real file when the store file is a symlink', async () => {
    const real = tmp.file('elsewhere/console.db');
    mkdirSync(tmp.file('elsewhere'));
    openStore(real).close();
    symlinkSync(real, tmp.file('console.db'));
    const store = cleanups.closing(openStore(tmp.file('console.db')));
    const opened = recordOpens(cleanups);
    await store.syncToDisk();
    expect(opened).toEqual([`${real}-wal`]);
  });

  it('acknowledges nothing after a failed fsync, though the next fsync would say all is well', async () => {
    const store = openStore(tmp.file('console.db'));
    let failures = 1;
    replaceFs(
      cleanups,
      'fsync',
      (original) =>
        ((fd: number, callback: (e: NodeJS.ErrnoException | null) => void) => {
          if (failures > 0) {
            failures -= 1;
            const error: NodeJS.ErrnoException = new Error('EIO: i/o error, fsync');
            error.code = 'EIO';
            return callback(error);
          }
          return original(fd, callback);
        }) as typeof fs.fsync,
    );
    try {
      await expect(store.syncToDisk()).rejects.toThrow(/saved to disk \(EIO.*restart/is);
      // The disk works again (the fake failed once), yet nothing is acknowledged.
      await expect(store.syncToDisk()).rejects.toThrow(/could not be saved to disk/);
    } finally {
      store.close();
    }
    const reopened = cleanups.closing(openStore(tmp.file('console.db')));
    await expect(reopened.syncToDisk()).resolves.toBeUndefined();
  });
});
