// The folder an export's files are written to before the saver reads them: in the data folder
// (0700) rather than the system's temp folder, often memory (tmpfs). A folder a crash left
// behind (customer names and emails) is removed by the next export. Whether its writer still
// runs is told by a lock the writer holds, which the OS drops when the process dies: the pid in
// the name is not enough, since the app in a sandbox (Flatpak, Snap) and the CLI on the host
// share the data folder but not their pid namespace, where a running writer's pid can look
// dead, or be another process's.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { takeFileLock, type FileLock } from '../store';

const PREFIX = 'export-';
const NAME = /^export-(\d+)-/;
/**
 * The locks live beside the folders, not in them: the saver removes a folder whole when it is
 * done, and Windows refuses to delete a file that is open.
 */
const LOCKS = '.export-locks';
const LOCK = /^(export-.+)\.lock$/;

/** The locks this process holds, by folder; each is released once its folder is gone. */
const held = new Map<string, FileLock>();

const lockFile = (dataDir: string, folderName: string) =>
  join(dataDir, LOCKS, `${folderName}.lock`);

function lockOf(file: string): FileLock | null {
  const lock = takeFileLock(file);
  return lock === 'held' ? null : lock;
}

/** A new export folder in `dataDir`, once folders of exports no process runs are removed. */
export function newExportFolder(dataDir: string): string {
  removeStaleExports(dataDir);
  for (let tries = 1; ; tries++) {
    const folder = mkdtempSync(join(dataDir, `${PREFIX}${process.pid}-`));
    const lock = lockOf(lockFile(dataDir, basename(folder)));
    // Between mkdtemp and the lock, a clean-up in another pid namespace may have taken this
    // folder for a crashed one: it removes it while holding the lock, so either the lock was
    // held or the folder is gone by the time we hold it.
    if (lock && existsSync(folder)) {
      held.set(folder, lock);
      return folder;
    }
    lock?.release();
    if (tries === 3) throw new Error(`No export folder could be kept in ${dataDir}.`);
  }
}

/**
 * Removes the export folders whose writer is gone: no process holds their lock, and no process
 * here has the pid in their name (a name without a pid is an older one's).
 */
export function removeStaleExports(dataDir: string): void {
  mkdirSync(join(dataDir, LOCKS), { recursive: true, mode: 0o700 });
  for (const [folder, lock] of held) {
    if (existsSync(folder)) continue;
    lock.release();
    held.delete(folder);
    rmSync(lockFile(dataDir, basename(folder)), { force: true });
  }
  for (const entry of readdirSync(dataDir, { withFileTypes: true })) {
    if (!entry.isDirectory() || !entry.name.startsWith(PREFIX)) continue;
    const folder = join(dataDir, entry.name);
    // A live pid keeps a folder without a lock (an export by an older version that took none).
    const pid = Number(NAME.exec(entry.name)?.[1] ?? 0);
    if (held.has(folder) || (pid > 0 && isRunning(pid))) continue;
    removeUnlessHeld(dataDir, entry.name);
  }
  // Locks whose folder is gone (removed by its saver, or a crash between the two).
  for (const name of readdirSync(join(dataDir, LOCKS))) {
    const folderName = LOCK.exec(name)?.[1];
    if (folderName && !existsSync(join(dataDir, folderName))) removeUnlessHeld(dataDir, folderName);
  }
}

/** Removes a folder and its lock unless a writer holds the lock; the lock is ours meanwhile. */
function removeUnlessHeld(dataDir: string, folderName: string): void {
  const file = lockFile(dataDir, folderName);
  const lock = lockOf(file);
  if (!lock) return;
  try {
    rmSync(join(dataDir, folderName), { recursive: true, force: true });
  } finally {
    lock.release();
    // SQLite's journal beside it too, which a writer killed while taking its lock leaves.
    for (const left of [file, `${file}-journal`]) rmSync(left, { force: true });
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
