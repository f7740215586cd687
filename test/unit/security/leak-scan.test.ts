// The secret scan must find a key however it was written, or the journey test proves nothing.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { findLeaks, needlesFor, readFolder } from '../../integration/security/leak-scan';
import { useTempDir } from '../../support/temp-dir';

const key = 'sk_test_Canary0123456789abcdef';
const found = (text: string | Buffer) =>
  findLeaks(
    [{ label: 'h', bytes: Buffer.isBuffer(text) ? text : Buffer.from(text) }],
    needlesFor('key', key),
  );

describe('leak scan', () => {
  const tmp = useTempDir();

  it('finds the key inside base64 of a larger text at every alignment', () => {
    for (const prefix of ['', 'a', 'ab', 'abc', '{"apiKey":"']) {
      const encoded = Buffer.from(`${prefix}${key}"}`).toString('base64');
      expect(found(`blob ${encoded} end`).length, `prefix ${prefix}`).toBeGreaterThan(0);
    }
  });

  it('finds the key as sent in an Authorization header, and URL-encoded', () => {
    const basic = `Authorization: Basic ${Buffer.from(`${key}:x`).toString('base64')}`;
    expect(found(basic)).toContain('key (basic-auth) in h');
    expect(found(`GET /?k=${encodeURIComponent(key)}`)).not.toEqual([]);
  });

  it('finds nothing in text that only shares the key prefix', () => {
    expect(found('sk_test_ and sk_test_Canary and a signature c2tfdGVzdF9')).toEqual([]);
  });

  it('finds a key written to SQLite in the WAL before any checkpoint', () => {
    const db = new Database(tmp.file('t.sqlite'));
    db.pragma('journal_mode = WAL');
    db.pragma('wal_autocheckpoint = 0');
    db.exec('CREATE TABLE t (v TEXT)');
    db.prepare('INSERT INTO t (v) VALUES (?)').run(`note ${key}`);
    const files = readFolder(tmp.path, 'tmp');
    db.close();
    const hits = findLeaks(files, needlesFor('key', key));
    expect(hits).toContain('key (plain) in tmp/t.sqlite-wal');
    expect(hits).not.toContain('key (plain) in tmp/t.sqlite');
  });
});
