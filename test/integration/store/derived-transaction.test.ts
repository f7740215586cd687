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
});
