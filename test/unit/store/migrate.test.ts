import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../main/store/migrate';
import { migrations } from '../../../main/store/migrations';

let db: Database.Database;
beforeEach(() => {
  db = new Database(':memory:');
});
afterEach(() => db.close());

const version = () => db.pragma('user_version', { simple: true });

describe('migrate', () => {
  it('numbers the shipped migrations 1, 2, 3… in order', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
  });

  it('brings an empty database to the latest version', () => {
    expect(migrate(db, migrations)).toBe(migrations.length);
    expect(version()).toBe(migrations.length);
  });

  it('applies nothing the second time', () => {
    migrate(db, migrations);
    db.exec("INSERT INTO settings (key, value) VALUES ('k', '1')");
    migrate(db, migrations);
    expect(db.prepare('SELECT value FROM settings').pluck().all()).toEqual(['1']);
  });

  it('leaves no half-applied migration behind when one fails', () => {
    const steps = [
      { version: 1, name: 'one', sql: 'CREATE TABLE a (x INTEGER);' },
      { version: 2, name: 'two', sql: 'CREATE TABLE b (x INTEGER); CREATE TABLE a (y INTEGER);' },
    ];
    expect(() => migrate(db, steps)).toThrow(/already exists/);
    expect(version()).toBe(1);
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all();
    expect(tables).toEqual(['a']);
  });

  it('refuses a migration list with a gap', () => {
    const steps = [{ version: 2, name: 'two', sql: 'CREATE TABLE b (x INTEGER);' }];
    expect(() => migrate(db, steps)).toThrow(/expected 1/);
    expect(version()).toBe(0);
  });
});
