// A data-folder lock that names its holder: the store's file lock (the OS drops it when its
// process dies, so a crash never leaves a stale one) plus a `.pid` file beside it saying who
// holds it, so the process turned away can be told which one to stop.
import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import type { z } from 'zod';
import { PRIVATE_FILE_MODE } from './paths';
import { takeFileLock } from './store';
import { readSmallText } from './small-file';

export interface HolderLock<Holder extends { pid: number }> {
  /** Writes who holds the lock (this process's pid and `details`) for a later one to read. */
  nameHolder(details: Omit<Holder, 'pid'>): void;
  release(): void;
}

/**
 * Takes the lock at `file`, or throws `refusal(holder)`: the holder as its `.pid` file names it,
 * null while it has not written it yet (or wrote something `holderSchema` does not accept).
 */
export function takeHolderLock<Holder extends { pid: number }>(
  file: string,
  holderSchema: z.ZodType<Holder>,
  refusal: (holder: Holder | null) => Error,
): HolderLock<Holder> {
  const holderFile = `${file}.pid`;
  // Private like every file in the data folder; SQLite gives its journal the same mode.
  writeFileSync(file, '', { flag: 'a', mode: PRIVATE_FILE_MODE });
  chmodSync(file, PRIVATE_FILE_MODE);
  const lock = takeFileLock(file);
  if (lock === 'held') throw refusal(readHolder(holderFile, holderSchema));
  // A holder killed outright (kill -9) left its name behind: until this one writes its own, a
  // process turned away must hear "starting", not be sent to a pid that is gone.
  try {
    rmSync(holderFile, { force: true });
  } catch {
    // Not removable (a read-only folder would have refused the lock file first): nameHolder
    // writes over it.
  }
  return {
    nameHolder(details) {
      writeFileSync(holderFile, JSON.stringify({ pid: process.pid, ...details }), {
        mode: PRIVATE_FILE_MODE,
      });
    },
    release() {
      rmSync(holderFile, { force: true });
      lock.release();
    },
  };
}

function readHolder<Holder>(holderFile: string, holderSchema: z.ZodType<Holder>): Holder | null {
  try {
    const parsed = holderSchema.safeParse(JSON.parse(readSmallText(holderFile)));
    return parsed.success ? parsed.data : null;
  } catch {
    // The holder may still be starting and not have written its name yet.
    return null;
  }
}
