// The store's side connections must never copy WAL pages into the database file without an
// fsync: the receiver's next commit starts the WAL over, and a power cut would then lose events
// it acknowledged. The lease connection commits without fsync (a lost lease is harmless), so it
// must not checkpoint at all; the worker's checkpoints (main/store/checkpoint.ts) do that.
import { statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../main/store';
import { openLeaseConnection } from '../../../main/store/leases';
import { useCleanups } from '../../support/cleanups';
import { openRawDb } from '../../support/raw-db';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir('cc-side-connections-');
const cleanups = useCleanups();

/** SQLite's numbers for `PRAGMA synchronous`. */
const SYNC_OFF = 0;

describe('the lease connection', () => {
  it('as read back from SQLite: checkpoints left to others, and synced if it ever does one', () => {
    const store = cleanups.closing(openStore(tmp.file('console.db')));
    const lease = cleanups.closing(openLeaseConnection(store.file));
    expect(lease.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    expect(lease.pragma('synchronous', { simple: true })).not.toBe(SYNC_OFF);
    expect(lease.pragma('journal_mode', { simple: true })).toBe('wal');
  });

  it('takes a lease past 1,000 WAL pages without copying any into the database file', async () => {
    const store = cleanups.closing(openStore(tmp.file('console.db')));
    // A writer that leaves checkpoints to the worker, as the receiver's connection does.
    const writer = cleanups.closing(openRawDb(store.file));
    writer.pragma('wal_autocheckpoint = 0');
    writer.exec('CREATE TABLE filler (b BLOB)');
    const insert = writer.prepare('INSERT INTO filler VALUES (randomblob(4000))');
    writer.transaction(() => {
      for (let i = 0; i < 1500; i += 1) insert.run();
    })();
    const before = statSync(store.file).size;
    await store.leases.hold('lease:test', async () => {});
    expect(statSync(store.file).size).toBe(before);
  });
});

describe('a fresh connection with SQLite defaults (backups, the checkpoint worker)', () => {
  it('syncs its checkpoints', () => {
    const store = cleanups.closing(openStore(tmp.file('console.db')));
    const db = cleanups.closing(new Database(store.file, { fileMustExist: true }));
    expect(db.pragma('synchronous', { simple: true })).not.toBe(SYNC_OFF);
  });
});
