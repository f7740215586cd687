import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../main/store';
import { latestVersion } from '../../../main/store/migrate';
import { migrations } from '../../../main/store/migrations';
import { openConnection } from '../../../main/store/open';
import { withRawDb } from '../../support/raw-db';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir('cc-store-');

function tableNames(db: Database.Database): string[] {
  return db
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
    .pluck()
    .all()
    .map(String);
}

/** The schema version written in `file`. */
const userVersion = (file: string): unknown =>
  withRawDb(file, (db) => db.pragma('user_version', { simple: true }));

describe('openStore', () => {
  it('creates the data folder and the schema in an empty location', () => {
    const file = tmp.file('nested', 'deeper', 'console.db');
    const store = openStore(file);
    try {
      expect(store.file).toBe(file);
      expect(withRawDb(file, tableNames)).toEqual(
        expect.arrayContaining(['accounts', 'products', 'settings', 'sessions', 'fulfillments']),
      );
      expect(userVersion(file)).toBe(latestVersion(migrations));
    } finally {
      store.close();
    }
  });

  it('opens its connection with WAL, foreign keys, a busy timeout, FULL synchronous and full fsync', () => {
    // openStore builds its repos on this connection (checked below); the store hands out no handle.
    const db = openConnection(tmp.file('console.db'));
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
      // 2 = FULL
      expect(db.pragma('synchronous', { simple: true })).toBe(2);
      // F_FULLFSYNC on macOS (a no-op elsewhere), as Node's fs.fsync there.
      expect(db.pragma('fullfsync', { simple: true })).toBe(1);
    } finally {
      db.close();
    }
  });

  it('builds every repo on that connection, changing none of its settings', () => {
    // The store keeps its handle to itself, so its settings are checked where they are made:
    // FULL synchronous is what keeps an acknowledged webhook on disk through a power cut.
    const source = readFileSync(join(__dirname, '../../../main/store/open.ts'), 'utf8');
    const file = ts.createSourceFile('open.ts', source, ts.ScriptTarget.Latest, true);
    const body = file.statements.find(
      (s): s is ts.FunctionDeclaration =>
        ts.isFunctionDeclaration(s) && s.name?.text === 'openStore',
    );
    const calls: string[] = [];
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node)) calls.push(node.expression.getText(file));
      if (ts.isNewExpression(node)) calls.push(`new ${node.expression.getText(file)}`);
      ts.forEachChild(node, visit);
    };
    if (body) visit(body);
    expect(calls).toContain('openConnection');
    expect(calls.filter((c) => /pragma|exec|^new Database/.test(c))).toEqual([]);
  });

  it('leaves the file in WAL mode, for every connection to it', () => {
    const file = tmp.file('console.db');
    openStore(file).close();
    expect(withRawDb(file, (db) => db.pragma('journal_mode', { simple: true }))).toBe('wal');
  });

  it('keeps data and the schema version when the same file is opened again', () => {
    const file = tmp.file('console.db');
    const first = openStore(file);
    first.accounts.add({
      name: 'Acme',
      apiUrl: 'https://acme.quadernoapp.com/api/',
      kind: 'live',
      email: 'shop@acme.test',
      identityId: 7,
    });
    first.settings.set('locale', 'es');
    first.close();

    const second = openStore(file);
    try {
      expect(userVersion(file)).toBe(latestVersion(migrations));
      expect(second.accounts.list().map((a) => a.name)).toEqual(['Acme']);
      expect(second.settings.all()).toEqual({ locale: 'es' });
    } finally {
      second.close();
    }
  });

  it('refuses a file from a newer app version and leaves it byte for byte unchanged', () => {
    const file = tmp.file('console.db');
    const future = new Database(file);
    future.exec('CREATE TABLE from_the_future (x INTEGER)');
    future.pragma('user_version = 99');
    future.close();
    const before = readFileSync(file);

    let caught: unknown;
    try {
      openStore(file).close();
    } catch (e) {
      caught = e;
    }
    expect(caught).toMatchObject({ code: 'internal' });
    expect(String((caught as Error).message)).toMatch(/newer version.*Update Checkout Console/s);
    expect(readFileSync(file).equals(before)).toBe(true);

    const check = new Database(file, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(99);
    expect(check.pragma('journal_mode', { simple: true })).toBe('delete');
    check.close();
  });

  it('explains a file that is not a database instead of crashing', () => {
    const file = tmp.file('console.db');
    writeFileSync(file, 'this is a shopping list, not a database'.repeat(50));
    expect(() => openStore(file)).toThrow(
      expect.objectContaining({
        code: 'internal',
        message: expect.stringMatching(/Move it aside/),
      }),
    );
  });

  it('reports a data folder that cannot be created', () => {
    const blocker = tmp.file('not-a-folder');
    writeFileSync(blocker, '');
    expect(() => openStore(tmp.file('not-a-folder', 'console.db'))).toThrow(
      expect.objectContaining({ code: 'internal', message: expect.stringMatching(/data folder/) }),
    );
  });

  it('lets two connections to the same file see each other’s commits', () => {
    const file = tmp.file('console.db');
    const app = openStore(file);
    const cli = openStore(file);
    try {
      cli.settings.set('notifications', false);
      expect(app.settings.all()).toEqual({ notifications: false });
    } finally {
      cli.close();
      app.close();
    }
  });
});
