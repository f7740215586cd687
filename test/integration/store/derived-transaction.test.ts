import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openConnection } from '../../../main/store/open';
import { createRepos } from '../../../main/store/repos';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir('cc-derived-');

describe('derivedTransaction', () => {
  it('commits without waiting for the disk and leaves every other commit FULL', () => {
    const db = openConnection(tmp.file('console.db'));
    try {
      const repos = createRepos(db);
      const level = () => db.pragma('synchronous', { simple: true });
      const derived = repos.derivedTransaction(() => level());
      const failing = repos.derivedTransaction(() => {
        throw new Error('refused');
      });
      // 1 = NORMAL inside, 2 = FULL after, however often and whichever way it ends.
      expect(derived()).toBe(1);
      expect(level()).toBe(2);
      expect(() => failing()).toThrow('refused');
      expect(level()).toBe(2);
      expect(derived()).toBe(1);
      expect(repos.transaction(() => level())).toBe(2);
      expect(level()).toBe(2);
    } finally {
      db.close();
    }
  });

  it('without waiting for the lock: fails at once while another connection holds it, and leaves busy_timeout and FULL as they were', () => {
    const file = tmp.file('console.db');
    const db = openConnection(file);
    const other = new Database(file);
    try {
      const repos = createRepos(db);
      const settings = () => [
        db.pragma('synchronous', { simple: true }),
        db.pragma('busy_timeout', { simple: true }),
      ];
      const tryNow = repos.derivedTransaction(() => settings(), { waitForLock: false });
      // NORMAL and no busy wait inside; FULL and 5 s after, whichever way it ends.
      expect(tryNow()).toEqual([1, 0]);
      expect(settings()).toEqual([2, 5000]);
      other.exec('BEGIN IMMEDIATE');
      expect(() => tryNow()).toThrow(expect.objectContaining({ code: 'SQLITE_BUSY' }));
      expect(settings()).toEqual([2, 5000]);
      other.exec('ROLLBACK');
      expect(tryNow()).toEqual([1, 0]);
      expect(settings()).toEqual([2, 5000]);
    } finally {
      other.close();
      db.close();
    }
  });
});
