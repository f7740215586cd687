// The export.csv method. A CSV whose path the saver can give before it is written (the CLI's
// --out, the app's save dialog) is written there once when that path is a plain file of this
// user's (or none yet; a symlink's real file): under a temporary name beside it, with the replaced
// file's mode, on disk before it is renamed over it; the temporary file goes when the process
// exits first, and one a killed export left there is removed by a later export. A named pipe, a
// device, /dev/stdout or a file with other names is written into as it is, from the folder. Any
// other export (stdout, files split for accounting tools, a bank statement named by its currency)
// is written to a folder of its own in the data folder and handed to the saver, which reads it
// back in chunks.
// Either way a row at a time, giving the receiver turns: memory stays flat however many sales.
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  linkSync,
  lstatSync,
  readdirSync,
  realpathSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { ExportFormat, ExportResult } from '../../preload/contract';
import { removeOnExit, syncFolder, type FulfillmentFilter } from '../store';
import { isAccountingFormat } from './accounting-presets';
import { csvFileName, writeExportInTurns, type ExportWhat, type WrittenFile } from './export';
import { newExportFolder } from './export-folder';
import type { ExportStore } from './export-sales';
import { fileChunks, fileSink, type TextSink } from './export-spool';

/** Where a saver puts a file, said before the export writes it. */
export interface SaveTarget {
  path: string;
  /** What the merchant is told when the file cannot be written there (else the system's error). */
  cannotWrite?: (error: unknown) => Error;
  /** Told once the file is whole at `path` (the app's Show in folder shows only such a file). */
  written?: () => void;
  /**
   * A file that appears at `path` while the export runs is kept, not replaced (the CLI without
   * --force, which checked that none was there): the export then fails with EEXIST.
   */
  keepExisting?: boolean;
}

/**
 * Saves `content` (the file's text in chunks, read as they are consumed) where the merchant
 * picks; null when they cancel. `part` is given when the export is split into files
 * (QuickBooks and Xero take at most 1,000 rows a file). A saver with `targetFor` says where a
 * one-file CSV goes before it is written (null: cancelled), and is then not called for it.
 */
export type SavePart = ((
  suggestedName: string,
  content: Iterable<string>,
  part?: { index: number; count: number },
) => Promise<string | null>) & {
  targetFor?: (suggestedName: string) => Promise<SaveTarget | null>;
};

export interface ExportRequest {
  what: ExportWhat;
  format?: ExportFormat | undefined;
  filter?: FulfillmentFilter | undefined;
  /** IANA zone a bank statement's days are in; left out: UTC. */
  timeZone?: string | undefined;
}

/** The store and where its file is: the export's own files go beside it, never in memory. */
export type SavedExportStore = ExportStore & { readonly file: string };

export async function saveExport(
  store: SavedExportStore,
  accountId: number,
  request: ExportRequest,
  save: SavePart,
  now: Date,
): Promise<ExportResult> {
  const format = request.format ?? 'csv';
  let target: SaveTarget | undefined;
  if (save.targetFor && !isAccountingFormat(format)) {
    const picked = await save.targetFor(csvFileName(request.what, format, now, request.timeZone));
    if (picked === null) return { path: null, rows: 0 };
    const renamable = renamablePath(picked.path);
    if (renamable !== null) {
      const rows = await writeInPlace(store, accountId, request, now, {
        ...picked,
        path: renamable,
      });
      return { path: picked.path, rows };
    }
    target = picked;
  }
  const folder = newExportFolder(dirname(store.file));
  try {
    const files = await writeFiles(store, accountId, request, now, folder);
    const rows = files.reduce((sum, f) => sum + f.rows, 0);
    if (files.length === 1) {
      const [only] = files;
      if (only && target) {
        await writeThrough(target, fileChunks(only.path));
        return { path: target.path, rows };
      }
      return { path: only ? await save(only.fileName, fileChunks(only.path)) : null, rows };
    }
    const saved: Array<{ path: string | null; rows: number }> = [];
    for (const [index, file] of files.entries()) {
      const part = { index, count: files.length };
      const path = await save(file.fileName, fileChunks(file.path), part);
      saved.push({ path, rows: file.rows });
      if (path === null) break;
    }
    return { path: saved[0]?.path ?? null, rows, files: saved };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

async function writeFiles(
  store: ExportStore,
  accountId: number,
  request: ExportRequest,
  now: Date,
  folder: string,
): Promise<Array<WrittenFile & { path: string }>> {
  // Each file is finished when the next opens: a split export holds one file's text at most.
  let open: ReturnType<typeof fileSink> | undefined;
  const path = (index: number) => join(folder, `${index + 1}.csv`);
  let written: WrittenFile[];
  try {
    written = await writeExportInTurns(
      store,
      accountId,
      request.what,
      exportOptions(request, now),
      (index) => {
        open?.close();
        open = undefined;
        open = fileSink(path(index));
        return open;
      },
    );
  } finally {
    open?.close();
  }
  return written.map((file, i) => ({ ...file, path: path(i) }));
}

/**
 * Writes a one-file export at the target's path: a failed export (or one that could not be
 * written) leaves no partial file there, and whatever was there before until the new one is whole.
 */
async function writeInPlace(
  store: ExportStore,
  accountId: number,
  request: ExportRequest,
  now: Date,
  target: SaveTarget,
): Promise<number> {
  const [written] = await writeBeside(target, (sink) =>
    writeExportInTurns(store, accountId, request.what, exportOptions(request, now), () => sink),
  );
  return written?.rows ?? 0;
}

/**
 * Writes `content` at `path` whole or not at all, as a one-file CSV is written: the files of a
 * split export or a bank statement, which the saver writes once the export has spooled them (a
 * crash or a full disk must not leave a half file under a name that looks complete). A path
 * that cannot be renamed over (a named pipe, /dev/stdout) is written into as it is.
 */
export async function writeWholeFile(
  path: string,
  content: Iterable<string>,
  options: Pick<SaveTarget, 'cannotWrite' | 'keepExisting'> = {},
): Promise<void> {
  const renamable = renamablePath(path);
  if (renamable === null) return writeThrough({ ...options, path }, content);
  await writeBeside({ ...options, path: renamable }, (sink) => {
    for (const chunk of content) sink.write(chunk);
  });
}

/**
 * Fills a temporary file beside the target's path, then puts it there once it is on disk; a
 * failure leaves no temporary file, and whatever was at the path as it was.
 */
async function writeBeside<T>(
  target: SaveTarget,
  fill: (sink: TextSink) => T | Promise<T>,
): Promise<T> {
  const { path } = target;
  const mode = modeOf(path);
  removeStaleParts(dirname(path));
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.part`);
  const onDisk = <T>(step: () => T): T => {
    try {
      return step();
    } catch (e) {
      throw target.cannotWrite?.(e) ?? e;
    }
  };
  let open: ReturnType<typeof fileSink> | undefined;
  // Stopped (Ctrl+C, SIGTERM: the CLI exits once the signal is handled) it must not stay there.
  const forget = removeOnExit(temp);
  try {
    const file = onDisk(() =>
      fileSink(temp, { ...(mode === undefined ? {} : { mode }), sync: true }),
    );
    open = file;
    const sink: TextSink = { write: (text) => onDisk(() => file.write(text)) };
    const filled = await fill(sink);
    open = undefined;
    onDisk(() => file.close());
    onDisk(() => (target.keepExisting ? placeBeside(temp, path) : renameSync(temp, path)));
    onDisk(() => syncFolder(dirname(path)));
    target.written?.();
    return filled;
  } catch (e) {
    try {
      open?.close();
    } catch {
      // The error that stopped the export is the one to tell.
    }
    rmSync(temp, { force: true });
    throw e;
  } finally {
    forget();
  }
}

/** Puts the whole file `temp` at `path` only if nothing is there (a rename would replace it). */
function placeBeside(temp: string, path: string): void {
  try {
    linkSync(temp, path);
  } catch (e) {
    if (errorCode(e) === 'EEXIST') throw e;
    // A folder without hard links (FAT on a USB stick) still gets the file when none is there.
    if (existsSync(path)) throw Object.assign(new Error(`${path} exists`), { code: 'EEXIST' });
    renameSync(temp, path);
    return;
  }
  rmSync(temp, { force: true });
}

/** Paths never written beside and renamed over: a rename there would replace the device. */
const SYSTEM_FOLDERS = ['/dev/', '/proc/'];

/**
 * The path a one-file export can be written beside and renamed over: `path` when it is a plain
 * file or none yet, a symlink's real file; null for anything else (a named pipe, a terminal,
 * /dev/stdout, a dangling link), which is written into as it is, as a reader of it expects.
 */
function renamablePath(path: string): string | null {
  const plain = (file: string): boolean | 'missing' => {
    if (SYSTEM_FOLDERS.some((folder) => file.startsWith(folder))) return false;
    try {
      const stat = lstatSync(file);
      // A rename would part the file from its other names, or give it to this user.
      return stat.isFile() && stat.nlink === 1 && stat.uid === (process.getuid?.() ?? stat.uid);
    } catch (e) {
      return errorCode(e) === 'ENOENT' ? 'missing' : false;
    }
  };
  const absolute = resolve(path);
  const kind = plain(absolute);
  if (kind !== false) return absolute;
  if (SYSTEM_FOLDERS.some((folder) => absolute.startsWith(folder))) return null;
  try {
    const real = realpathSync(absolute);
    return plain(real) === true ? real : null;
  } catch {
    return null;
  }
}

const errorCode = (e: unknown): unknown => (e instanceof Error && 'code' in e ? e.code : undefined);

/** Writes a file spooled in the export folder into the target itself (0600 when it is new). */
async function writeThrough(target: SaveTarget, content: Iterable<string>): Promise<void> {
  await writeFile(target.path, content, { encoding: 'utf8', mode: 0o600 }).catch((e: unknown) => {
    throw target.cannotWrite?.(e) ?? e;
  });
  target.written?.();
}

/** The permissions of the file at `path`, kept by the one replacing it; undefined: none there. */
function modeOf(path: string): number | undefined {
  try {
    return lstatSync(path).mode & 0o7777;
  } catch {
    return undefined;
  }
}

/** The temporary name writeInPlace gives a file beside its path. */
const PART = /^\..+\.[0-9a-f]{8}\.part$/;
/**
 * An export writes its temporary file every 64 KB, so one untouched this long belongs to an
 * export that was killed (customer names and emails, left in a folder the merchant chose).
 */
const STALE_PART_MS = 3_600_000;

function removeStaleParts(folder: string): void {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return; // Writing the file will say what is wrong with the folder.
  }
  const now = Date.now();
  for (const name of names) {
    if (!PART.test(name)) continue;
    const file = join(folder, name);
    try {
      const stat = lstatSync(file);
      if (stat.isFile() && now - stat.mtimeMs > STALE_PART_MS) rmSync(file, { force: true });
    } catch {
      // Removed meanwhile, or not ours to remove: the export goes on either way.
    }
  }
}

function exportOptions(request: ExportRequest, now: Date) {
  return {
    now,
    filter: request.filter ?? {},
    ...(request.format ? { format: request.format } : {}),
    ...(request.timeZone ? { timeZone: request.timeZone } : {}),
  };
}
