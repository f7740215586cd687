// The product catalogue, synced from Quaderno into SQLite so the link form
// works (and prices show) with no network.
import type { Product } from '../../preload/contract';
import type { AccountsService } from '../accounts';
import {
  unitCostToMinorUnits,
  type QuadernoClient,
  type QuadernoItem,
  type Unreadable,
} from '../quaderno';
import { createActivityRepo, type NewProduct, type ProductRow, type Store } from '../store';
import { currencyFromSessions, reportUnreadable } from './currency';

export { reportUnreadable } from './currency';

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

/**
 * Recorded items carry no currency (docs/quaderno-api.md › Where the real service differs):
 * Quaderno then prices them in the account's own currency, which no endpoint we use states.
 * We take, in order, the newest stored session that sold the product, the currency most of
 * this account's stored sessions use, then the one Quaderno's own newest sessions use (one
 * list call). With no session anywhere it stays null ("not known yet"): the product is still
 * listed and sellable, Quaderno picks the currency, and the next sync learns it from that link.
 */
async function currencies(
  store: Store,
  accountId: number,
  client: QuadernoClient,
  items: readonly QuadernoItem[],
): Promise<(code: string) => string | null> {
  if (items.every((i) => i.currency)) return () => null;
  const known = store.products.knownCurrencies(accountId);
  const usual = known.usual ?? (await currencyFromSessions(client));
  return (code) => known.byProduct.get(code) ?? usual;
}

function toNewProduct(item: QuadernoItem, code: string, currency: string | null): NewProduct {
  return {
    code,
    name: item.name,
    description: item.description ?? null,
    // Without a currency the price is read in hundredths, as for most currencies.
    unitAmount: unitCostToMinorUnits(String(item.unit_cost), currency ?? 'EUR'),
    currency,
    kind: item.kind === 'subscription' ? 'subscription' : 'one_off',
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
      const skipped: Unreadable[] = [];
      const items = await client.listItems((entry) => skipped.push(entry));
      const guess = await currencies(store, account.id, client, items);
      store.products.replaceAll(
        account.id,
        // Checkout items reference products by code; an item without one cannot be sold there.
        items.flatMap((item) =>
          item.code ? [toNewProduct(item, item.code, item.currency ?? guess(item.code))] : [],
        ),
      );
      reportUnreadable(createActivityRepo(store.db), account.id, skipped);
      return list();
    },
  };
}
