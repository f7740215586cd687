// An export's folder holds customer names and emails until the save ends; the next export
// removes those a crash left behind. The app in a sandbox (Flatpak, Snap) and the CLI on the
// host share the data folder but not their pid namespace: a pid in a folder's name may be dead
// here while its writer runs there. A running export's folder must survive whatever its pid says.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { removeStaleExports } from '../../../main/sales/export-folder';
import { firstLine, startScript, stopProcess, type LineProcess } from '../../support/line-process';
import { bundledScript } from '../../support/script-bundle';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir('cc-export-folder-');

/**
 * Another process starting an export in `dataDir` with the pid its own namespace gave it, one
 * that no process has here; it prints its folder and keeps it until stopped.
 */
const WRITER = `
const [dataDir, exportFolderModule] = process.argv.slice(1);
Object.defineProperty(process, 'pid', { value: 999999998 });
const { writeFileSync } = await import('node:fs');
const { newExportFolder } = await import(exportFolderModule);
const folder = newExportFolder(dataDir);
writeFileSync(folder + '/1.csv', 'id,customer_email\\r\\n1,jane@example.com\\r\\n');
console.log(folder);
setInterval(() => {}, 60_000);
`;

const writers: LineProcess[] = [];
afterEach(async () => {
  await Promise.all(writers.splice(0).map((w) => stopProcess(w, 'SIGKILL')));
});

const exportFolders = () => readdirSync(tmp.path).filter((name) => name.startsWith('export-'));

describe('removing the folders of exports a crash left behind', () => {
  it('keeps the folder of an export running in another pid namespace, whose pid looks gone here', async () => {
    // main/sales/export-folder.ts bundled: the writer starts without compiling it through tsx.
    const exportFolderModule = pathToFileURL(await bundledScript('main/sales/export-folder.ts'));
    const writer = startScript(WRITER, [tmp.path, exportFolderModule.href]);
    writers.push(writer);
    const folder = await firstLine(writer);
    expect(folder).toMatch(/export-999999998-/);

    removeStaleExports(tmp.path);
    expect(existsSync(join(folder, '1.csv'))).toBe(true);

    // Once that export's process is gone, its folder goes with the next clean-up.
    await stopProcess(writer, 'SIGKILL');
    removeStaleExports(tmp.path);
    expect(exportFolders()).toEqual([]);
    expect(readdirSync(join(tmp.path, '.export-locks'))).toEqual([]);
  });
});
