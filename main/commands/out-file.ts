// Files the CLI writes where the merchant says (`export --out`, `link qr`, `link create --qr`):
// never the live database, and never over an existing file unless they add --force, as `backup`.
import { statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DATABASE_FILE } from '../console';
import { ConsoleError } from '../errors';
import { fileProblem } from '../paths';
import { isLiveDatabaseFile, liveDatabase } from '../store';

export interface OutFileRules {
  /** The data folder whose database (and its -wal/-shm) must not be written. */
  dataDir: string;
  /** --force: an existing file may be replaced. */
  force: boolean;
}

export function alreadyExists(path: string): ConsoleError {
  return new ConsoleError(
    'conflict',
    `${path} already exists. Choose another file, or add --force to replace it.`,
  );
}

/**
 * A write to `path` that failed, in place of Node's code: an existing file is refused as such;
 * otherwise `sentence` says what the command could not write and what to do, given why.
 */
export function cannotWriteOut(
  path: string,
  e: unknown,
  sentence: (why: string) => string,
): ConsoleError {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'EEXIST') return alreadyExists(path);
  const why = code === 'ENOENT' ? `the folder ${dirname(path)} does not exist` : fileProblem(e);
  return new ConsoleError('invalid_input', sentence(why), { cause: e });
}

/** A plain file is there (a symlink's real file counts); a pipe or a device is written into. */
function isExistingFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Throws when `file` may not be written: the live database, or an existing file without --force. */
export function refuseOutFile(file: string, rules: OutFileRules): void {
  const path = resolve(file);
  if (isLiveDatabaseFile(join(rules.dataDir, DATABASE_FILE), path)) throw liveDatabase(path);
  if (!rules.force && isExistingFile(path)) throw alreadyExists(path);
}
