// The product catalogue, synced from Quaderno into SQLite so the link form
// works (and prices show) with no network.
import type { Product } from '../../preload/contract';
import type { AccountsService } from '../accounts';
import { isConsoleError } from '../errors';
import {
  unitCostToMinorUnits,
  type CallOptions,
  type QuadernoItem,
  type Unreadable,
} from '../quaderno';
import type { NewProduct, ProductRow, Store } from '../store';
import { reportUnreadable } from './unreadable';

export { reportUnreadable } from './unreadable';
export { createProductHandlers, type ProductHandlers } from './handlers';

export interface ProductsService {
  list(): Product[];
  /** `call` bounds the read from Quaderno (a caller's stop signal, a retry scope). */
  sync(call?: CallOptions): Promise<Product[]>;
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
 * Quaderno then prices them itself, in a currency no endpoint we use states. Such a product
 * takes the currency of the newest stored session that sold it; until one has, it is null
 * ("not known yet"), still listed and sellable: a link for it sends no currency, Quaderno picks
 * one, and the next sync learns it from that link. An account-wide guess (the currency most
 * sessions use) was not taken: a link sends the product's currency to Quaderno, so a wrong
 * guess on an account selling in several currencies would charge the wrong amount.
 */
function currencies(store: Store, accountId: number, items: readonly QuadernoItem[]) {
  const unknown = new Set(items.flatMap((i) => (i.currency || !i.code ? [] : [i.code])));
  if (unknown.size === 0) return () => null;
  const known = store.products.knownCurrencies(accountId, unknown);
  return (code: string) => known.get(code) ?? null;
}

/**
 * The product to store, or null (and the reason in `skipped`) when its price cannot be read: one
 * odd price ("1,5") must not fail the whole catalogue.
 */
function toNewProduct(
  item: QuadernoItem,
  code: string,
  currency: string | null,
  skipped: Unreadable[],
): NewProduct | null {
  let unitAmount: number;
  try {
    // Without a currency the price is read in hundredths, as for most currencies.
    unitAmount = unitCostToMinorUnits(String(item.unit_cost), currency ?? 'EUR');
  } catch (e) {
    if (!isConsoleError(e) || e.code !== 'bad_response') throw e;
    skipped.push({ what: 'products', id: code, reason: e.message });
    return null;
  }
  return {
    code,
    name: item.name,
    description: item.description ?? null,
    unitAmount,
    currency,
    kind: item.kind === 'subscription' ? 'subscription' : 'one_off',
  };
}

export function createProducts({
  store,
  accounts,
}: {
  store: Store;
  accounts: Pick<AccountsService, 'active' | 'activeClient'>;
}): ProductsService {
  const list = (): Product[] => {
    const active = accounts.active();
    return active ? store.products.list(active.id).map(toProduct) : [];
  };
  return {
    list,
    async sync(call) {
      const { account, client } = await accounts.activeClient();
      const skipped: Unreadable[] = [];
      const items = await client.listItems((entry) => skipped.push(entry), call);
      const learned = currencies(store, account.id, items);
      // Checkout items reference products by code; an item without one cannot be sold there.
      const products = items.flatMap((item) => {
        if (!item.code) return [];
        const product = toNewProduct(item, item.code, item.currency ?? learned(item.code), skipped);
        return product ? [product] : [];
      });
      // A list that may have been cut short (no paging headers on a default page's worth) must
      // not delete the products past it: they stay until a whole list leaves them out.
      store.products.replaceAll(account.id, products, { keepOthers: items.maybeMore === true });
      reportUnreadable(store.activity, account.id, skipped);
      return list();
    },
  };
}
