// A 200 means the event is on disk: the fsync of the WAL's data is not enough if the WAL file
// itself (created when the store opens) could vanish from its folder in a power cut. Opening a
// store syncs the folder once the WAL is in it; SQLite keeps that file while the store is open.
import { existsSync, mkdirSync, realpathSync, symlinkSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../main/store';
import { useCleanups } from '../../support/cleanups';
import { onFolderFsync } from '../../support/folder-fsyncs';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir('cc-wal-dir-sync-');
const cleanups = useCleanups();

/** The folders fsync'd, each with whether the WAL was in it by then. */
function watchFolderSyncs(wal: () => string): Array<{ folder: string; walThere: boolean }> {
  const synced: Array<{ folder: string; walThere: boolean }> = [];
  onFolderFsync(cleanups, (folder, sync) => {
    synced.push({ folder, walThere: existsSync(wal()) });
    sync();
  });
  return synced;
}

describe("the WAL's folder entry", () => {
  it('is synced when a new store is opened', () => {
    const file = tmp.file('console.db');
    const synced = watchFolderSyncs(() => `${file}-wal`);
    cleanups.closing(openStore(file));
    expect(synced).toContainEqual({ folder: realpathSync(tmp.path), walThere: true });
  });

  it('is synced in the folder of the real file when the store file is a symlink', () => {
    mkdirSync(tmp.file('elsewhere'));
    const real = tmp.file('elsewhere/console.db');
    openStore(real).close();
    symlinkSync(real, tmp.file('console.db'));
    const synced = watchFolderSyncs(() => `${real}-wal`);
    cleanups.closing(openStore(tmp.file('console.db')));
    expect(synced).toContainEqual({ folder: realpathSync(tmp.file('elsewhere')), walThere: true });
  });
});
