// A one-file export written in place replaces the merchant's file as they had it: its mode kept
// (the old code wrote into the same file), a file with other names (hard links) written into so
// every name sees the new CSV, and the new file on disk before the rename puts it there.
import fs, {
  linkSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { exportFiles, saveExport } from '../../../main/sales';
import { useCleanups } from '../../support/cleanups';
import { onFolderFsync } from '../../support/folder-fsyncs';
import { replaceFs } from '../../support/replace-fs';
import { useTempDir } from '../../support/temp-dir';
import { useStoreWithAccount } from '../../support/test-store';
import { seedSales } from './generate';

const tmp = useTempDir();
const cleanups = useCleanups();
const shop = useStoreWithAccount(tmp);
const newest = new Date('2026-11-30T12:00:00.000Z');
const now = new Date('2026-12-01T09:00:00.000Z');
beforeEach(() => seedSales(shop.store.file, shop.accountId, 20, newest));

/** Exports the shop's 20 sales (seeded for each test) to `path` as the save dialog and --out do; returns the CSV. */
async function exportTo(path: string): Promise<string> {
  const save = Object.assign(async () => null, { targetFor: async () => ({ path }) });
  await saveExport(shop.store, shop.accountId, { what: 'fulfillments' }, save, now);
  return exportFiles(shop.store, shop.accountId, 'fulfillments', { now })[0]?.content ?? '';
}

function outFolder(): string {
  const folder = join(tmp.path, 'out');
  mkdirSync(folder);
  return folder;
}

describe('an export replacing a file', () => {
  it('keeps the mode the file had; a new file is 0600', async () => {
    const folder = outFolder();
    const shared = join(folder, 'shared.csv');
    writeFileSync(shared, 'old');
    fs.chmodSync(shared, 0o640);
    await exportTo(shared);
    expect(statSync(shared).mode & 0o777).toBe(0o640);
    const fresh = join(folder, 'fresh.csv');
    await exportTo(fresh);
    expect(statSync(fresh).mode & 0o777).toBe(0o600);
  });

  it('with a second name (a hard link): both names read the new CSV', async () => {
    const folder = outFolder();
    const out = join(folder, 'sales.csv');
    writeFileSync(out, 'old');
    const other = join(folder, 'also.csv');
    linkSync(out, other);
    const whole = await exportTo(out);
    expect(readFileSync(out, 'utf8')).toBe(whole);
    expect(readFileSync(other, 'utf8')).toBe(whole);
  });

  for (const folderSync of ['done', 'EINVAL'] as const) {
    it(`fsyncs the temporary file before the rename and the folder after (folder fsync ${folderSync})`, async () => {
      const folder = outFolder();
      const out = join(folder, 'sales.csv');
      const synced: Array<{ what: string; outThere: boolean }> = [];
      onFolderFsync(cleanups, (syncedFolder, sync) => {
        if (syncedFolder !== realpathSync(folder)) return sync();
        synced.push({ what: 'folder', outThere: fs.existsSync(out) });
        if (folderSync === 'done') return sync();
        throw Object.assign(new Error(`${folderSync}: refused, fsync`), { code: folderSync });
      });
      // The export's only file fsynced through node:fs is its temporary file (SQLite syncs its own).
      replaceFs(cleanups, 'fsyncSync', (original) => (fd: number) => {
        if (fs.fstatSync(fd).isFile()) synced.push({ what: 'file', outThere: fs.existsSync(out) });
        original(fd);
      });
      const whole = await exportTo(out);
      expect(readFileSync(out, 'utf8')).toBe(whole);
      expect(synced).toEqual([
        { what: 'file', outThere: false },
        { what: 'folder', outThere: true },
      ]);
      expect(fs.readdirSync(folder).map((n) => basename(n))).toEqual(['sales.csv']);
    });
  }
});
