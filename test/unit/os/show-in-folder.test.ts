// Show in folder after a CSV export (issue 17, bug 6): the shell, with the faked 'electron',
// reveals the file the export just wrote and refuses any other path the page may send.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { createAppHandlers } from '../../../main/app';
import type { ConsoleOptions } from '../../../main/console';
import { desktopFiles } from '../../../main/index';
import { revealExports } from '../../../main/os';
import { exportText } from '../../support/export-text';
import { FakeShell } from '../../support/fake-electron';
import { fakeDesktop, freshElectron } from '../../support/fake-shell-deps';
import { useTempDir } from '../../support/temp-dir';

vi.mock('electron', async () => (await import('../../support/fake-electron')).fakeElectron);

const tmp = useTempDir();

/** The app.* handlers as the console would build them, over the desktop's files. */
function appOver(showInFolder: ((path: string) => boolean) | undefined) {
  return createAppHandlers({
    version: '9.9.9',
    dataDir: tmp.path,
    activeAccount: () => null,
    connectivity: { state: () => ({ online: true, reason: null }) },
    showInFolder,
  });
}

describe('Show in folder', () => {
  it('reveals the file the export just wrote, and nothing else', async () => {
    const electron = freshElectron(tmp.path);
    const shell = new FakeShell();
    const files: Pick<ConsoleOptions, 'saveFile'> & { showInFolder?: (path: string) => boolean } =
      desktopFiles(
        {
          ...fakeDesktop(electron, async (path, content) =>
            writeFileSync(path, exportText(content)),
          ),
          folderShell: shell,
        },
        () => tmp.path,
      );
    const app = appOver(files.showInFolder);
    const target = tmp.file('my-sales.csv');
    electron.dialog.nextSavePath = target;
    expect(await files.saveFile?.('sales.csv', 'a,b\n')).toBe(target);

    await expect(app['app.showInFolder']({ path: tmp.file('other.csv') })).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(app['app.showInFolder']({ path: '/etc' })).rejects.toMatchObject({
      code: 'forbidden',
    });
    expect(shell.shown).toEqual([]);

    expect(await app['app.showInFolder']({ path: target })).toEqual({ shown: true });
    expect(shell.shown).toEqual([target]);
  });

  it('writes a file the dialog saves whole or not at all, keeping the one it was to replace', async () => {
    const electron = freshElectron(tmp.path);
    // The app's own writer: no writeFile handed in.
    const { writeFile: _unused, ...desktop } = fakeDesktop(electron, async () => undefined);
    const files = desktopFiles(desktop, () => tmp.path);
    const target = tmp.file('xero-EUR.csv');
    writeFileSync(target, 'last month’s statement\r\n');
    electron.dialog.nextSavePath = target;
    function* failing(): Generator<string> {
      yield 'Date,Amount\r\n2026-11-30,24.20\r\n';
      throw new Error('The export folder could not be read.');
    }
    await expect(files.saveFile('xero-EUR.csv', failing())).rejects.toThrow('could not be read');
    expect(readFileSync(target, 'utf8')).toBe('last month’s statement\r\n');
    expect(readdirSync(tmp.path).filter((name) => name.endsWith('.part'))).toEqual([]);

    electron.dialog.nextSavePath = target;
    expect(await files.saveFile('xero-EUR.csv', ['Date,Amount\r\n', '2026-11-30,24.20\r\n'])).toBe(
      target,
    );
    expect(readFileSync(target, 'utf8')).toBe('Date,Amount\r\n2026-11-30,24.20\r\n');
  });

  it('refuses before any export, and after a cancelled first one', async () => {
    const electron = freshElectron(tmp.path);
    const shell = new FakeShell();
    const files = desktopFiles(
      { ...fakeDesktop(electron, async () => undefined), folderShell: shell },
      () => tmp.path,
    );
    const app = appOver('showInFolder' in files ? files.showInFolder : undefined);
    electron.dialog.nextSavePath = null;
    expect(await files.saveFile('sales.csv', 'a,b\n')).toBeNull();
    await expect(app['app.showInFolder']({ path: tmp.file('sales.csv') })).rejects.toMatchObject({
      code: 'forbidden',
    });
    expect(shell.shown).toEqual([]);
  });

  it('shows the picked path only once the export has written the whole file there', async () => {
    const shown: string[] = [];
    const save = Object.assign(async () => null, {
      targetFor: async () => ({ path: '/chosen/sales.csv' }),
    });
    const files = revealExports(save, { showItemInFolder: (path) => void shown.push(path) });
    const target = await files.saveFile.targetFor?.('sales.csv');
    expect(target?.path).toBe('/chosen/sales.csv');
    expect(files.showInFolder('/chosen/sales.csv')).toBe(false);
    target?.written?.();
    expect(files.showInFolder('/chosen/sales.csv')).toBe(true);
    expect(shown).toEqual(['/chosen/sales.csv']);
  });

  it('says it is unavailable where there is no folder to show (CLI, HTTP bridge)', async () => {
    await expect(appOver(undefined)['app.showInFolder']({ path: '/tmp/x.csv' })).rejects.toThrow(
      /unavailable here: it needs the desktop app\. The file is at \/tmp\/x\.csv\./,
    );
  });
});
