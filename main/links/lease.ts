// A short lease in SQLite so two processes (the app and a CLI call, or two CLI calls) making
// the same link take turns: the second then finds the first one's session instead of a twin.
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';

export interface LeaseOptions {
  /** A crashed holder's lease expires after this long. */
  ttlMs?: number;
  /** Waiting longer than this proceeds anyway: a stuck lease must not block the merchant. */
  waitMs?: number;
  pollMs?: number;
}

/** What the holder should know about who held the lease before it. */
export interface LeaseState {
  /**
   * A previous holder left without releasing (it crashed, or still holds it and we gave up
   * waiting): whatever it was doing may have half-happened.
   */
  inherited: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function withLease<T>(
  db: Database.Database,
  key: string,
  fn: (state: LeaseState) => Promise<T>,
  options: LeaseOptions = {},
): Promise<T> {
  const { ttlMs = 60_000, waitMs = 30_000, pollMs = 50 } = options;
  const owner = randomUUID();
  // Its own connection without fsync: a lease lost to a power cut is harmless, and the
  // console's durable writes (synchronous FULL) cost a disk flush each.
  const lease = db.memory ? db : new Database(db.name, { timeout: 5000 });
  if (lease !== db) lease.pragma('synchronous = OFF');
  try {
    return await hold(lease, key, owner, fn, { ttlMs, waitMs, pollMs });
  } finally {
    if (lease !== db) lease.close();
  }
}

async function hold<T>(
  db: Database.Database,
  key: string,
  owner: string,
  fn: (state: LeaseState) => Promise<T>,
  { ttlMs, waitMs, pollMs }: Required<LeaseOptions>,
): Promise<T> {
  const take = db.prepare(`INSERT INTO settings (key, value) VALUES (@key, @value)
    ON CONFLICT (key) DO UPDATE SET value = excluded.value
    WHERE json_extract(settings.value, '$.until') < @now`);
  const release = db.prepare(
    `DELETE FROM settings WHERE key = ? AND json_extract(value, '$.owner') = ?`,
  );
  const present = db.prepare('SELECT 1 FROM settings WHERE key = ?').pluck();
  const giveUpAt = Date.now() + waitMs;
  let held = false;
  let inherited = false;
  while (!held && Date.now() < giveUpAt) {
    const now = Date.now();
    const value = JSON.stringify({ owner, until: now + ttlMs });
    const existed = present.get(key) !== undefined;
    held = take.run({ key, value, now }).changes > 0;
    // Taking over a row means its holder's lease ran out without a release.
    if (held) inherited = existed;
    else await sleep(pollMs);
  }
  try {
    return await fn({ inherited: inherited || !held });
  } finally {
    if (held && db.open) release.run(key, owner);
  }
}
