// One receiver per data folder and account: two would move the webhook back and forth
// between them and both would miss sales. The lock is the store's file lock (an exclusive SQLite
// lock the OS drops when its process dies), so a crash never leaves a stale lock.
import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ConsoleError } from '../errors';
import { PRIVATE_FILE_MODE } from '../paths';
import { takeFileLock } from '../store';

/** Thrown when another process receives for this account; the message names it. */
export class ReceiverLockHeld extends ConsoleError {
  constructor(message: string) {
    super('conflict', message);
  }
}

export interface ReceiverLock {
  release(): void;
}

const holderSchema = z.object({ pid: z.number().int(), who: z.string().max(100) });

/**
 * Takes the receiver lock for this account, or throws a ConsoleError naming the process that
 * holds it. `who` names this process to a later one ('checkout-console listen', say).
 */
export function lockReceiver(dataDir: string, accountId: number, who: string): ReceiverLock {
  const file = join(dataDir, `receiver-${accountId}.lock`);
  const holderFile = `${file}.pid`;
  // Private like every file in the data folder; SQLite gives its journal the same mode.
  writeFileSync(file, '', { flag: 'a', mode: PRIVATE_FILE_MODE });
  chmodSync(file, PRIVATE_FILE_MODE);
  const lock = takeFileLock(file);
  if (lock === 'held') throw heldBy(holderFile);
  writeFileSync(holderFile, JSON.stringify({ pid: process.pid, who }), { mode: PRIVATE_FILE_MODE });
  return {
    release() {
      rmSync(holderFile, { force: true });
      lock.release();
    },
  };
}

function heldBy(holderFile: string): ReceiverLockHeld {
  let holder: z.infer<typeof holderSchema> | null = null;
  try {
    const parsed = holderSchema.safeParse(JSON.parse(readFileSync(holderFile, 'utf8')));
    if (parsed.success) holder = parsed.data;
  } catch {
    // The holder may not have written its name yet; the message then names no pid.
  }
  const who = holder ? `${holder.who} (pid ${holder.pid})` : 'checkout-console process';
  return new ReceiverLockHeld(
    `Another ${who} is already receiving for this account in this data folder. Stop it first.`,
  );
}
