// A data file as an older version of the console left it: the schema up to `version`, with one
// account (id 1) in it, for tests of what a migration does to existing data.
import Database from 'better-sqlite3';
import { migrate } from '../../main/store/migrate';
import { migrations } from '../../main/store/migrations';

export function openAtVersion(file: string, version: number): Database.Database {
  const db = new Database(file);
  migrate(db, migrations.slice(0, version));
  db.prepare(
    `INSERT INTO accounts (id, name, api_url, kind, created_at)
     VALUES (1, 'older', 'https://older.quadernoapp.com/api/', 'test', '2026-01-01T00:00:00.000Z')`,
  ).run();
  return db;
}
