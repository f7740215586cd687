// The app's CSV export through the save dialog (issue 16): the merchant picks the path first and
// the rows are then written there once, not into the data folder's export folder and copied
// (a million sales are hundreds of MB written twice); a cancelled dialog reads no sale at all.
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { DATABASE_FILE } from '../../../main/console';
import { startShell } from '../../../main/index';
import type { SaveDialogLike } from '../../../main/os';
import { IPC_PREFIX } from '../../../preload/contract';
import { seedSales } from '../../integration/sales/generate';
import { useShellRig } from '../../support/shell-rig';
import { useTempDir } from '../../support/temp-dir';
import { openStoreWithAccount } from '../../support/test-store';

vi.mock('electron', async () => (await import('../../support/fake-electron')).fakeElectron);

const tmp = useTempDir();
const shell = useShellRig(tmp);
const appUrl = 'file:///opt/app/out/renderer/index.html';
const SALES = 40;

/** The shell's export, with what the data folder held when the dialog opened and what writeFile wrote. */
async function exportThroughDialog(pick: string | null) {
  const { store, accountId } = openStoreWithAccount(tmp.file(DATABASE_FILE), { name: 'acme' });
  store.accounts.setActive(accountId);
  seedSales(store.file, accountId, SALES, new Date('2026-11-30T12:00:00.000Z'));
  store.close();
  const exportFoldersAtDialog: string[][] = [];
  const dialog: SaveDialogLike = {
    showSaveDialog: (options) => {
      exportFoldersAtDialog.push(readdirSync(tmp.path).filter((n) => n.startsWith('export-')));
      return shell.electron.dialog.showSaveDialog(options);
    },
  };
  const writtenByWriteFile: string[] = [];
  await startShell(
    shell.deps({
      saveDialog: dialog,
      writeFile: async (path) => void writtenByWriteFile.push(path),
    }),
  );
  shell.electron.dialog.nextSavePath = pick;
  const result = await shell.electron.ipcMain.invoke(`${IPC_PREFIX}export.csv`, appUrl, {
    what: 'fulfillments',
  });
  return { result, exportFoldersAtDialog, writtenByWriteFile };
}

describe('an export through the save dialog', () => {
  it('asks where before reading a sale, then writes the CSV there once', async () => {
    const folder = join(tmp.path, 'chosen');
    mkdirSync(folder);
    const target = join(folder, 'my-sales.csv');
    const { result, exportFoldersAtDialog, writtenByWriteFile } = await exportThroughDialog(target);
    expect(result).toEqual({ ok: true, value: { path: target, rows: SALES } });
    expect(exportFoldersAtDialog).toEqual([[]]);
    expect(writtenByWriteFile).toEqual([]);
    expect(readdirSync(folder)).toEqual(['my-sales.csv']);
    expect(readFileSync(target, 'utf8').split('\r\n').filter(Boolean)).toHaveLength(SALES + 1);
    expect(readdirSync(tmp.path).filter((n) => n.startsWith('export-'))).toEqual([]);
  });

  it('exports nothing when the merchant cancels the dialog', async () => {
    const { result, exportFoldersAtDialog, writtenByWriteFile } = await exportThroughDialog(null);
    expect(result).toEqual({ ok: true, value: { path: null, rows: 0 } });
    expect(exportFoldersAtDialog).toEqual([[]]);
    expect(writtenByWriteFile).toEqual([]);
  });
});
