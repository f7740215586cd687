// The folder an export's files are written to before the saver reads them: in the data folder
// (0700) rather than the system's temp folder, often memory (tmpfs). Its name carries the pid
// of the process writing it, so a folder a crash left behind (customer names and emails) is
// removed by the next export without touching one another process is still writing.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const PREFIX = 'export-';
const NAME = /^export-(\d+)-/;

/** A new export folder in `dataDir`, once folders of exports no process runs are removed. */
export function newExportFolder(dataDir: string): string {
  removeStaleExports(dataDir);
  return mkdtempSync(join(dataDir, `${PREFIX}${process.pid}-`));
}

/** Removes the export folders whose writer is gone (a name without a pid is an older one's). */
export function removeStaleExports(dataDir: string): void {
  for (const entry of readdirSync(dataDir, { withFileTypes: true })) {
    if (!entry.isDirectory() || !entry.name.startsWith(PREFIX)) continue;
    const pid = Number(NAME.exec(entry.name)?.[1] ?? 0);
    if (pid > 0 && isRunning(pid)) continue;
    rmSync(join(dataDir, entry.name), { recursive: true, force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
