// A short lease in SQLite so two processes (the app and a CLI call, or two CLI calls) making
// the same link take turns: the second then finds the first one's session instead of a twin.
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { ConsoleError } from '../errors';

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

export interface LeasesRepo {
  /** Runs `fn` holding the lease `key`, waiting up to `waitMs` for another holder first. */
  hold<T>(key: string, fn: (state: LeaseState) => Promise<T>, options?: LeaseOptions): Promise<T>;
  close(): void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function prepare(lease: Database.Database) {
  return {
    take: lease.prepare(`INSERT INTO settings (key, value) VALUES (@key, @value)
      ON CONFLICT (key) DO UPDATE SET value = excluded.value
      WHERE json_extract(settings.value, '$.until') < @now`),
    release: lease.prepare(
      `DELETE FROM settings WHERE key = ? AND json_extract(value, '$.owner') = ?`,
    ),
    present: lease.prepare('SELECT 1 FROM settings WHERE key = ?').pluck(),
  };
}

/**
 * The lease's own connection to the store at `file`. Its commits skip the fsync (NORMAL in WAL
 * mode syncs only checkpoints), and it never checkpoints itself: the worker leaves up to 4,000
 * frames in the WAL, so one of its commits would cross SQLite's threshold, and a checkpoint
 * copied into the file unsynced, with the WAL then started over by the receiver's next commit,
 * could lose acknowledged events in a power cut. Exported for the test that reads these back.
 */
export function openLeaseConnection(file: string): Database.Database {
  const lease = new Database(file, { timeout: 5000 });
  lease.pragma('synchronous = NORMAL');
  lease.pragma('wal_autocheckpoint = 0');
  return lease;
}

export function createLeasesRepo(db: Database.Database): LeasesRepo {
  let opened: { lease: Database.Database; statements: ReturnType<typeof prepare> } | undefined;
  let closed = false;
  // Its own connection without fsync on commit, opened at the first lease and kept until the
  // store closes: a lease lost to a power cut is harmless, and the console's durable writes
  // (synchronous FULL) cost a disk flush each.
  const connection = () => {
    if (closed || !db.open) {
      throw new ConsoleError(
        'internal',
        'Checkout Console is shutting down. Start it again and retry.',
      );
    }
    if (opened?.lease.open) return opened;
    const lease = db.memory ? db : openLeaseConnection(db.name);
    opened = { lease, statements: prepare(lease) };
    return opened;
  };
  return {
    async hold(key, fn, options = {}) {
      const { ttlMs = 60_000, waitMs = 30_000, pollMs = 50 } = options;
      const { lease, statements } = connection();
      const { take, release, present } = statements;
      const owner = randomUUID();
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
        if (held && lease.open) release.run(key, owner);
      }
    },
    close() {
      closed = true;
      if (opened && opened.lease !== db && opened.lease.open) opened.lease.close();
      opened = undefined;
    },
  };
}
