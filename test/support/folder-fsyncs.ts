// Watches (or fails) every fsync of a folder the code under test makes through node:fs, as the
// store does for the WAL's folder entry.
import fs, { realpathSync, statSync } from 'node:fs';
import type { Cleanups } from './cleanups';
import { replaceFs } from './replace-fs';

/**
 * Calls `onSync` for each fsync of a folder (its real path) instead of the fsync itself: it runs
 * `sync` to let it through, or throws to fail it. Other fsyncs go through untouched.
 */
export function onFolderFsync(
  cleanups: Cleanups,
  onSync: (folder: string, sync: () => void) => void,
): void {
  const folders = new Map<number, string>();
  replaceFs(
    cleanups,
    'openSync',
    (original) =>
      ((path: fs.PathLike, ...rest: unknown[]) => {
        const fd = (original as (...a: unknown[]) => number)(path, ...rest);
        if (statSync(path).isDirectory()) folders.set(fd, realpathSync(String(path)));
        return fd;
      }) as typeof fs.openSync,
  );
  replaceFs(cleanups, 'fsyncSync', (original) => (fd: number) => {
    const folder = folders.get(fd);
    if (folder === undefined) original(fd);
    else onSync(folder, () => original(fd));
  });
}
