// Link items checked against the synced catalogue; an unknown code triggers one refresh
// (the merchant may have just added the product in Quaderno).
import { ConsoleError } from '../errors';
import type { ProductRow } from '../store';
import { isKnownCurrency } from './amounts';
import type { FingerprintItem } from './fingerprint';

export interface ItemInput {
  product: string;
  quantity: number;
  unitAmount?: number | undefined;
  currency?: string | undefined;
}

export interface ResolvedItem extends FingerprintItem {
  name: string;
  /** The price charged per unit in minor units (the override or the catalogue price). */
  price: number;
}

export interface Catalogue {
  get(code: string): ProductRow | undefined;
  /** Re-reads the catalogue from Quaderno. */
  refresh(): Promise<void>;
}

function resolveOne(item: ItemInput, product: ProductRow): ResolvedItem {
  // null: Quaderno has not told this product's currency yet, and it will pick it itself.
  const currency = (item.currency ?? product.currency)?.toUpperCase() ?? null;
  // An override equal to the catalogue price is the same purchase as no override.
  const override =
    item.unitAmount !== undefined &&
    !(item.unitAmount === product.unitAmount && currency === product.currency)
      ? item.unitAmount
      : undefined;
  return {
    product: product.code,
    name: product.name,
    quantity: item.quantity,
    unitAmount: override,
    currency,
    price: override ?? product.unitAmount,
  };
}

export async function resolveItems(
  items: readonly ItemInput[],
  catalogue: Catalogue,
  prefix = 'items',
): Promise<ResolvedItem[]> {
  const fields: Record<string, string> = {};
  items.forEach((item, i) => {
    if (item.currency !== undefined && !isKnownCurrency(item.currency)) {
      fields[`${prefix}.${i}.currency`] =
        `${item.currency} is not an ISO currency code. Use one like EUR, USD or JPY.`;
    }
  });
  let unknown = items.filter((i) => !catalogue.get(i.product.trim()));
  if (unknown.length > 0) {
    // A refresh that failed (out of reach, stopped by its caller as a draft attempt is at a
    // reconnect, a busy Quaderno) says nothing about the product, so its error goes on as it
    // is: "no product" would refuse a draft for good, and a link asked for offline is kept as
    // a draft instead. Only a catalogue Quaderno sent without the product gets the field error.
    await catalogue.refresh();
    unknown = items.filter((i) => !catalogue.get(i.product.trim()));
  }
  items.forEach((item, i) => {
    if (unknown.includes(item)) {
      fields[`${prefix}.${i}.product`] =
        `There is no product ${JSON.stringify(item.product)} in this account's catalogue. Pick one from the list, or add it in Quaderno first.`;
    }
  });
  const first = Object.values(fields)[0];
  if (first) throw new ConsoleError('invalid_input', first, { fields });
  const resolved = items.map((item) => {
    const product = catalogue.get(item.product.trim());
    if (!product) throw new ConsoleError('internal', 'The catalogue changed while checking items.');
    return resolveOne(item, product);
  });
  assertOneCurrency(resolved, prefix);
  return resolved;
}

/**
 * A session is charged in one currency: items in two are refused here rather than sent for
 * Quaderno to refuse (or, were it lax, to add EUR and USD cents into one total). An item whose
 * currency is not known yet is Quaderno's to pick, and left to it.
 */
function assertOneCurrency(items: readonly ResolvedItem[], prefix: string): void {
  const first = items.find((i) => i.currency !== null);
  if (!first) return;
  const fields: Record<string, string> = {};
  items.forEach((item, i) => {
    if (item.currency !== null && item.currency !== first.currency) {
      fields[`${prefix}.${i}.currency`] =
        `A link is paid in one currency: this item is in ${item.currency}, the first in ${first.currency}. Make a separate link for it.`;
    }
  });
  const message = Object.values(fields)[0];
  if (message) throw new ConsoleError('invalid_input', message, { fields });
}
