import { useCallback } from 'react';
import type { Product } from '../../../preload/contract';
import { useInvoke } from '../hooks/use-invoke';
import { useQuery } from '../hooks/use-query';

export interface ProductsState {
  products: Product[];
  loading: boolean;
  error: unknown;
  syncing: boolean;
  sync(): void;
  byCode(code: string): Product | undefined;
}

/** The synced catalogue, with a way to refresh it from Quaderno. */
export function useProducts(): ProductsState {
  const query = useQuery('products.list', {});
  const syncer = useInvoke('products.sync');
  const { set } = query;
  const run = syncer.run;
  const sync = useCallback(() => {
    void run({}).then((outcome) => {
      if (outcome.ok) set(outcome.value);
    });
  }, [run, set]);
  const products = query.data ?? [];
  return {
    products,
    loading: query.loading && query.data === undefined,
    error: query.error ?? syncer.error,
    syncing: syncer.busy,
    sync,
    byCode: (code) => products.find((p) => p.code === code),
  };
}
