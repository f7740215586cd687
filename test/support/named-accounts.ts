// More accounts in a test's store, told apart by name and API URL: for the tests of what stays
// within one account (search, totals, catalogues).
import type { Store } from '../../main/store';
import { TEST_ACCOUNT } from './test-store';

/** Adds `TEST_ACCOUNT` as `name` at https://`name`.quadernoapp.com/api/; returns its id. */
export function addNamedAccount(store: Store, name: string): number {
  const apiUrl = `https://${name}.quadernoapp.com/api/`;
  return store.accounts.add({ ...TEST_ACCOUNT, name, apiUrl }).id;
}
