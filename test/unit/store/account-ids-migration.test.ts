// Migration 007 on a data file an older console left: ids already used are never handed out
// again, and settings rows of accounts removed before the upgrade are gone.
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../main/store';
import { openAtVersion } from '../../support/old-schema';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir('cc-account-ids-');

const newAccount = (apiUrl: string) => ({
  name: 'new',
  apiUrl,
  kind: 'test' as const,
  email: null,
  identityId: null,
});

describe('upgrading to never-reused account ids', () => {
  it('drops rows of accounts already removed, keeps those of live ones, and numbers on from the highest id', () => {
    const old = openAtVersion(tmp.file('console.db'), 6);
    const put = old.prepare('INSERT INTO settings (key, value) VALUES (?, ?)');
    put.run('live.receiverToken.1', '"kept-token-0123456789"');
    put.run('doubt:link:1:abc', '{}');
    // Account 2 was removed by the older version; its rows stayed behind.
    put.run('live.receiverToken.2', '"orphan-token-0123456789"');
    put.run('doubt:link:2:def', '{}');
    put.run('live.lastReceiverPort', '8700');
    old.close();

    const store = openStore(tmp.file('console.db'));
    try {
      expect(Object.keys(store.settings.all()).sort()).toEqual([
        'doubt:link:1:abc',
        'live.lastReceiverPort',
        'live.receiverToken.1',
      ]);
      store.accounts.remove(1);
      expect(Object.keys(store.settings.all())).toEqual(['live.lastReceiverPort']);
      const added = store.accounts.add(newAccount('https://older.quadernoapp.com/api/'));
      expect(added.id).toBe(2);
      store.accounts.remove(added.id);
      expect(store.accounts.add(newAccount('https://other.quadernoapp.com/api/')).id).toBe(3);
    } finally {
      store.close();
    }
  });
});
