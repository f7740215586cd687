// `checkout-console backup FILE` and `restore FILE`: the data folder's database, without opening
// the console (no account check, no Quaderno call: a backup must work offline and before login).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DATABASE_FILE } from '../console';
import { ConsoleError } from '../errors';
import { lockReceiver, ReceiverLockHeld, type ReceiverLock } from '../live';
import { ensureDataDir } from '../paths';
import { backupDatabase, restoreDatabase } from '../store';
import { type Io, UsageError } from './output';
import { type StopSignal, Stopped, unlessStopped, withinMs } from './signals';

// After Ctrl+C the backup stops at its next step and removes its scratch copy; this bounds that.
const STOP_CLEANUP_MS = 3000;

function fileArgument(command: string, args: string[]): string {
  const [file, ...extra] = args;
  if (!file)
    throw new UsageError(
      `${command} needs a FILE, e.g. checkout-console ${command} ~/checkout-console-backup.sqlite`,
    );
  if (extra.length > 0) throw new UsageError(`Unexpected argument ${JSON.stringify(extra[0])}.`);
  return file;
}

/** Ends with `Stopped` on a signal, once the copy in progress is gone (within a bound). */
export async function runBackup(
  flags: { force?: boolean },
  io: Io,
  dataDir: string,
  args: string[],
  stopped: Promise<StopSignal>,
): Promise<void> {
  const file = fileArgument('backup', args);
  const abort = new AbortController();
  void stopped.then((signal) => abort.abort(new Stopped(signal)));
  const work = backupDatabase(join(dataDir, DATABASE_FILE), file, {
    force: flags.force === true,
    signal: abort.signal,
  });
  try {
    await unlessStopped(work, stopped);
  } catch (e) {
    // Returning now would exit the process with the scratch copy still on disk.
    if (e instanceof Stopped) await withinMs(work, STOP_CLEANUP_MS);
    throw e;
  }
  io.out(
    `Backed up ${join(dataDir, DATABASE_FILE)} to ${file}. API keys stay in the keychain and are not in it.`,
  );
}

/**
 * Every receiver of this data folder, held for the restore: a `listen` or the app writing sales
 * into the file being replaced would lose them. Throws naming the one that is running.
 */
function holdReceivers(dataDir: string): ReceiverLock[] {
  const held: ReceiverLock[] = [];
  try {
    for (const name of readdirSync(dataDir)) {
      const id = name.match(/^receiver-(\d+)\.lock$/)?.[1];
      if (id) held.push(lockReceiver(dataDir, Number(id), 'checkout-console restore'));
    }
    return held;
  } catch (e) {
    for (const lock of held) lock.release();
    if (e instanceof ReceiverLockHeld) {
      throw new ConsoleError(
        'conflict',
        `${e.message} Then run restore again; nothing was changed.`,
      );
    }
    throw e;
  }
}

export function runRestore(io: Io, dataDir: string, args: string[]): void {
  const file = fileArgument('restore', args);
  ensureDataDir(dataDir);
  const held = holdReceivers(dataDir);
  try {
    const restored = restoreDatabase(file, join(dataDir, DATABASE_FILE));
    const upgraded =
      restored.fromVersion < restored.toVersion
        ? ` It was brought up to date (schema ${restored.fromVersion} to ${restored.toVersion}).`
        : '';
    io.out(`Restored the data from ${file}.${upgraded}`);
    if (restored.keptAs) io.out(`The data it replaced is kept in ${restored.keptAs}.`);
  } finally {
    for (const lock of held) lock.release();
  }
}
