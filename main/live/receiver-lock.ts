// One receiver per data folder and account: two would move the webhook back and forth
// between them and both would miss sales. The lock is SQLite's exclusive file lock, which the
// OS drops when its process dies (even by kill -9), so a crash never leaves a stale lock.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { z } from 'zod';
import { ConsoleError } from '../errors';

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
  const db = new Database(file, { timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    // The first write takes the exclusive lock, and EXCLUSIVE mode keeps it until close.
    db.exec(
      'CREATE TABLE IF NOT EXISTS held (at TEXT); DELETE FROM held; INSERT INTO held VALUES (1)',
    );
  } catch (e) {
    db.close();
    if ((e as { code?: string }).code?.startsWith('SQLITE_BUSY')) throw heldBy(holderFile);
    throw e;
  }
  writeFileSync(holderFile, JSON.stringify({ pid: process.pid, who }));
  return {
    release() {
      rmSync(holderFile, { force: true });
      db.close();
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
