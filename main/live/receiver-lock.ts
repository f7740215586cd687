// One receiver per data folder and account: two would move the webhook back and forth
// between them and both would miss sales. The lock is a holder lock (main/holder-lock.ts: an
// exclusive SQLite lock the OS drops when its process dies), so a crash never leaves a stale lock.
import { join } from 'node:path';
import { z } from 'zod';
import { ConsoleError } from '../errors';
import { takeHolderLock } from '../holder-lock';

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
  const lock = takeHolderLock(join(dataDir, `receiver-${accountId}.lock`), holderSchema, heldBy);
  lock.nameHolder({ who });
  return { release: () => lock.release() };
}

function heldBy(holder: z.infer<typeof holderSchema> | null): ReceiverLockHeld {
  const who = holder ? `${holder.who} (pid ${holder.pid})` : 'checkout-console process';
  return new ReceiverLockHeld(
    `Another ${who} is already receiving for this account in this data folder. Stop it first.`,
  );
}
