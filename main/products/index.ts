// The product catalogue, synced from Quaderno into SQLite so the link form
// works (and prices show) with no network.
import type { Product } from '../../preload/contract';
import type { AccountsService } from '../accounts';
import { unitCostToMinorUnits } from '../quaderno';
import type { ProductRow, Store } from '../store';

export interface ProductsService {
  list(): Product[];
  sync(): Promise<Product[]>;
}

export function toProduct(row: ProductRow): Product {
  return {
    code: row.code,
    name: row.name,
    description: row.description,
    unitAmount: row.unitAmount,
    currency: row.currency,
    kind: row.kind,
  };
}

export function createProducts({
  store,
  accounts,
}: {
  store: Store;
  accounts: AccountsService;
}): ProductsService {
  const list = (): Product[] => {
    const active = accounts.active();
    return active ? store.products.list(active.id).map(toProduct) : [];
  };
  return {
    list,
    async sync() {
      const { account, client } = await accounts.activeClient();
      const items = await client.listItems();
      store.products.replaceAll(
        account.id,
        // Checkout items reference products by code; an item without one cannot be sold there.
        items.flatMap((item) => {
          if (!item.code) return [];
          const currency = item.currency.toUpperCase();
          return {
            code: item.code,
            name: item.name,
            description: item.description ?? null,
            unitAmount: unitCostToMinorUnits(String(item.unit_cost), currency),
            currency,
            kind: item.kind === 'subscription' ? 'subscription' : 'one_off',
          };
        }),
      );
      return list();
    },
  };
}
