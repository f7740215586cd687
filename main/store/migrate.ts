import type { Database } from 'better-sqlite3';
import { ConsoleError } from '../errors';
import type { Migration } from './migrations';

export function readUserVersion(db: Database): number {
  const value: unknown = db.pragma('user_version', { simple: true });
  return typeof value === 'number' ? value : 0;
}

export function latestVersion(migrations: readonly Migration[]): number {
  return migrations.at(-1)?.version ?? 0;
}

/** Refuses, without writing anything, a file written by a newer app. */
export function assertNotNewer(db: Database, file: string, migrations: readonly Migration[]): void {
  const current = readUserVersion(db);
  const latest = latestVersion(migrations);
  if (current > latest) {
    throw new ConsoleError(
      'internal',
      `The data file ${file} was written by a newer version of Checkout Console ` +
        `(schema ${current}; this version knows up to ${latest}). ` +
        'Update Checkout Console to open it. The file was left untouched.',
    );
  }
}

function assertConsecutive(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new Error(`Migration ${m.name} has version ${m.version}; expected ${i + 1}.`);
    }
  });
}

// The migrations run with the connection's own settings: a larger sorter did not pay (issue 16, the
// 1M bench file upgraded from schema 14). At the default 16 MB cache schema 17's sort of 960,000
// event ids spills to a temp file (gone at 64 MB), but that file stays in the OS's cache, and the
// index builds are mostly two reads of every sale (15's and 17's). A/B on copies, alternating, 4
// rounds at load 2-6: cache_size 64 MB 714-846 ms, default 666-825 (the cache's fresh memory made
// 15's DROP INDEX slower); threads = 2, temp_store = MEMORY, mmap_size: no steady gain either.
/**
 * Applies every pending migration, each in its own IMMEDIATE transaction that also bumps
 * user_version, so a crash leaves the file at a whole version. The version is re-read inside
 * the write lock because the app and the CLI may open the same file at the same moment.
 */
export function migrate(db: Database, migrations: readonly Migration[]): number {
  assertConsecutive(migrations);
  for (const migration of migrations) {
    const apply = db.transaction(() => {
      if (readUserVersion(db) !== migration.version - 1) return;
      db.exec(migration.sql);
      // PRAGMA takes no bound parameters; the version is an integer we own.
      db.pragma(`user_version = ${Math.trunc(migration.version)}`);
    });
    if (readUserVersion(db) < migration.version) apply.immediate();
  }
  return readUserVersion(db);
}
