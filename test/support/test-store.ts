// A real store in a temp folder with one account in it: the start of most store, receiver and
// sales tests. The account is a sandbox one at an unreachable address unless a test says
// otherwise, so nothing can call out by accident.
import { afterEach, beforeEach } from 'vitest';
import { openStore, type NewAccount, type OpenStoreOptions, type Store } from '../../main/store';
import type { TempDir } from './temp-dir';

export const TEST_ACCOUNT: NewAccount = {
  name: 'shop',
  apiUrl: 'http://127.0.0.1:9/api/',
  kind: 'sandbox',
  email: null,
  identityId: null,
};

export interface StoreWithAccount {
  store: Store;
  accountId: number;
}

/** Opens `file` and adds an account (`TEST_ACCOUNT` with `account` over it); the caller closes. */
export function openStoreWithAccount(
  file: string,
  account: Partial<NewAccount> = {},
  options: OpenStoreOptions = {},
): StoreWithAccount {
  const store = openStore(file, options);
  const accountId = store.accounts.add({ ...TEST_ACCOUNT, ...account }).id;
  return { store, accountId };
}

/**
 * A fresh store with an account for each test in the calling file (in `tmp`, as `console.db`),
 * closed after it. Read `.store` and `.accountId` inside a test, not at collection time.
 */
export function useStoreWithAccount(
  tmp: TempDir,
  account: Partial<NewAccount> = {},
  options: OpenStoreOptions = {},
): StoreWithAccount {
  let current: StoreWithAccount | undefined;
  beforeEach(() => {
    current = openStoreWithAccount(tmp.file('console.db'), account, options);
  });
  afterEach(() => {
    current?.store.close();
    current = undefined;
  });
  const get = (): StoreWithAccount => {
    if (!current) throw new Error('useStoreWithAccount: read .store/.accountId inside a test');
    return current;
  };
  return {
    get store() {
      return get().store;
    },
    get accountId() {
      return get().accountId;
    },
  };
}
