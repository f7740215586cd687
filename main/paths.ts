import { chmodSync, mkdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { ConsoleError } from './errors';
import { errorCode } from './error-code';

/** Electron's `userData` folder for our productName, so the CLI and the app share one ledger. */
export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  // Empty (or blank) is unset, as Chromium reads XDG_CONFIG_HOME and APPDATA for the app's
  // userData: joined as they were, the CLI opened a second ledger in the current folder.
  const set = (value: string | undefined) => (value?.trim() ? value : undefined);
  const given = set(env.CHECKOUT_CONSOLE_DATA_DIR);
  if (given) return given;
  const name = 'Checkout Console';
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', name);
  if (platform === 'win32') return join(set(env.APPDATA) ?? join(home, 'AppData', 'Roaming'), name);
  return join(set(env.XDG_CONFIG_HOME) ?? join(home, '.config'), name);
}

/** Customer data: only the merchant's own user may read the folder and the files in it. */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Why a file or folder could not be used, in words (Node's own text names syscalls). */
export function fileProblem(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'a folder on the way does not exist';
  if (code === 'ENOTDIR') return 'a part of the path is a file, not a folder';
  if (code === 'EACCES' || code === 'EPERM') return 'you may not write there';
  if (code === 'EISDIR') return 'it is a folder';
  if (code === 'EEXIST') return 'something else is already there';
  if (code === 'ENOSPC') return 'the disk is full';
  if (code === 'EROFS') return 'the disk is read-only';
  return code ? `the system refused it (${code})` : 'the system refused it';
}

function cannotCreate(dir: string, e: unknown): ConsoleError {
  const reason = fileProblem(e);
  return new ConsoleError(
    'internal',
    `The data folder ${dir} cannot be created: ${reason}. Choose another with --data-dir.`,
    { cause: e },
  );
}

/** true for a folder, false for anything else, undefined when nothing is there. */
function isDirectory(path: string): boolean | undefined {
  try {
    return statSync(path).isDirectory();
  } catch (e) {
    if (errorCode(e) === 'ENOENT') return undefined;
    throw e;
  }
}

function makeLevel(path: string): void {
  try {
    mkdirSync(path, { mode: PRIVATE_DIR_MODE });
  } catch (e) {
    // Another process (the app, a second command) made it meanwhile.
    if (!(errorCode(e) === 'EEXIST' && isDirectory(path))) throw e;
  }
}

/**
 * Creates the data folder (and missing parents) private to this user, or checks the one there.
 * Not mkdirSync's `recursive`: on Node 20 it loops forever when mkdir answers ENOENT under an
 * existing parent (/proc/x), so each missing level is made once, from the deepest existing one.
 */
export function ensureDataDir(dir: string): void {
  const target = resolve(dir);
  try {
    const missing: string[] = [];
    let path = target;
    let kind = isDirectory(path);
    while (kind === undefined && dirname(path) !== path) {
      missing.unshift(path);
      path = dirname(path);
      kind = isDirectory(path);
    }
    if (kind === false) {
      throw new ConsoleError(
        'internal',
        `The data folder ${target} cannot be used: ${path} is a file, not a folder. Choose another with --data-dir.`,
      );
    }
    for (const level of missing) makeLevel(level);
  } catch (e) {
    if (e instanceof ConsoleError) throw e;
    throw cannotCreate(target, e);
  }
}

/**
 * Takes group and other access away from a path that this user owns; a folder or file owned by
 * someone else (a shared mount, root's) is left as it is. No-op on Windows, which has no modes.
 */
export function makePrivate(path: string, mode: number): void {
  const uid = process.getuid?.();
  if (uid === undefined) return;
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return; // not there (yet): it is created private
  }
  if (stat.uid === uid && (stat.mode & 0o777 & ~mode) !== 0) chmodSync(path, stat.mode & mode);
}
