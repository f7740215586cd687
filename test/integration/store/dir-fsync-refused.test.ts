// Windows (FlushFileBuffers needs a writable handle, which a folder has not) and some network or
// FUSE file systems refuse fsync on a folder: the store must still open, as SQLite's unix VFS
// carries on past the same refusal.
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../main/store';
import { useCleanups } from '../../support/cleanups';
import { onFolderFsync } from '../../support/folder-fsyncs';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir('cc-dir-fsync-refused-');
const cleanups = useCleanups();

/** Makes every fsync of a folder throw `code`; returns how many were tried. */
function refuseFolderSyncs(code: string): { tried: number } {
  const seen = { tried: 0 };
  onFolderFsync(cleanups, () => {
    seen.tried += 1;
    throw Object.assign(new Error(`${code}: refused, fsync`), { code });
  });
  return seen;
}

function pretendPlatform(platform: NodeJS.Platform): void {
  const real = Object.getOwnPropertyDescriptor(process, 'platform');
  Object.defineProperty(process, 'platform', { value: platform, configurable: true });
  cleanups.defer(() => {
    if (real) Object.defineProperty(process, 'platform', real);
  });
}

describe('a folder fsync the file system refuses', () => {
  for (const code of ['EPERM', 'EINVAL', 'ENOTSUP', 'EISDIR']) {
    it(`(${code}) does not stop the store from opening`, () => {
      const seen = refuseFolderSyncs(code);
      const store = cleanups.closing(openStore(tmp.file('console.db')));
      expect(seen.tried).toBeGreaterThan(0);
      expect(store.settings.has('anything')).toBe(false);
    });
  }

  it('(EIO, a real disk failure) still stops the store from opening', () => {
    refuseFolderSyncs('EIO');
    expect(() => cleanups.closing(openStore(tmp.file('console.db')))).toThrow(/EIO/);
  });

  it('is not tried on Windows, where NTFS makes the entry durable itself', () => {
    pretendPlatform('win32');
    const seen = refuseFolderSyncs('EPERM');
    cleanups.closing(openStore(tmp.file('console.db')));
    expect(seen.tried).toBe(0);
  });
});
