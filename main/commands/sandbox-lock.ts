// One `checkout-console sandbox` per data folder (without --state): a second one would point
// `login --sandbox` and the logged-in accounts at itself while the first keeps running, and both
// would break once either stops. The lock is a holder lock (main/holder-lock.ts), which the OS
// drops when its process dies, so a crash never leaves a stale one.
import { join } from 'node:path';
import { z } from 'zod';
import { ConsoleError } from '../errors';
import { takeHolderLock } from '../holder-lock';

const LOCK_FILE = 'sandbox-cli.lock';
const holderSchema = z.object({ pid: z.number().int(), apiUrl: z.string().max(200) });

export interface SandboxLock {
  /** Says where this sandbox runs, for the message a second one shows. */
  runningAt(apiUrl: string): void;
  release(): void;
}

export function lockCliSandbox(dataDir: string): SandboxLock {
  const lock = takeHolderLock(join(dataDir, LOCK_FILE), holderSchema, heldBy);
  return {
    runningAt: (apiUrl) => lock.nameHolder({ apiUrl }),
    release: () => lock.release(),
  };
}

function heldBy(holder: z.infer<typeof holderSchema> | null): ConsoleError {
  const where = holder ? ` at ${holder.apiUrl} (pid ${holder.pid})` : '';
  return new ConsoleError(
    'conflict',
    `A sandbox for this data folder is already running${where}; stop it with Ctrl+C in its ` +
      'terminal, or give --state FILE for a separate one.',
  );
}
