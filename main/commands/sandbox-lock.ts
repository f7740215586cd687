// One `checkout-console sandbox` per data folder (without --state): a second one would point
// `login --sandbox` and the logged-in accounts at itself while the first keeps running, and both
// would break once either stops. The lock is the store's file lock, which the OS drops when its
// process dies, so a crash never leaves a stale one.
import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ConsoleError } from '../errors';
import { PRIVATE_FILE_MODE } from '../paths';
import { takeFileLock } from '../store';

const LOCK_FILE = 'sandbox-cli.lock';
const holderSchema = z.object({ pid: z.number().int(), apiUrl: z.string().max(200) });

export interface SandboxLock {
  /** Says where this sandbox runs, for the message a second one shows. */
  runningAt(apiUrl: string): void;
  release(): void;
}

export function lockCliSandbox(dataDir: string): SandboxLock {
  const file = join(dataDir, LOCK_FILE);
  const holderFile = `${file}.pid`;
  // Created private before SQLite opens it; its journal takes the same mode.
  writeFileSync(file, '', { flag: 'a', mode: PRIVATE_FILE_MODE });
  chmodSync(file, PRIVATE_FILE_MODE);
  const lock = takeFileLock(file);
  if (lock === 'held') throw heldBy(holderFile);
  return {
    runningAt(apiUrl) {
      writeFileSync(holderFile, JSON.stringify({ pid: process.pid, apiUrl }), {
        mode: PRIVATE_FILE_MODE,
      });
    },
    release() {
      rmSync(holderFile, { force: true });
      lock.release();
    },
  };
}

function heldBy(holderFile: string): ConsoleError {
  let holder: z.infer<typeof holderSchema> | null = null;
  try {
    const parsed = holderSchema.safeParse(JSON.parse(readFileSync(holderFile, 'utf8')));
    if (parsed.success) holder = parsed.data;
  } catch {
    // The first one may still be starting and not have written where it runs yet.
  }
  const where = holder ? ` at ${holder.apiUrl} (pid ${holder.pid})` : '';
  return new ConsoleError(
    'conflict',
    `A sandbox for this data folder is already running${where}; stop it with Ctrl+C in its ` +
      'terminal, or give --state FILE for a separate one.',
  );
}
