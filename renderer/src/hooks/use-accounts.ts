import type { Account } from '../../../preload/contract';
import { useEvent } from './use-event';
import { useQuery } from './use-query';

export interface AccountsState {
  accounts: Account[];
  active: Account | undefined;
  /** The first read has not answered yet. */
  loading: boolean;
  /** A read (the first, or one asked by `reload`) has not answered yet. */
  reading: boolean;
  error: unknown;
  reload(): void;
}

/** The saved accounts, kept current by `accounts.changed`. */
export function useAccounts(): AccountsState {
  const query = useQuery('accounts.list', {});
  useEvent('accounts.changed', ({ accounts }) => query.set(accounts));
  const accounts = query.data ?? [];
  return {
    accounts,
    active: accounts.find((a) => a.active),
    loading: query.loading && query.data === undefined,
    reading: query.loading,
    error: query.error,
    reload: query.reload,
  };
}
