// A catalogue price as the merchant reads it. A product whose currency Quaderno has not said
// shows its number as Quaderno gave it ("2200", "21.5"): no currency, no decimals added.
import type { Product } from '../../../preload/contract';
import { formatMoney } from '../../../preload/money';

// Built on first use, not as the module loads: the page's first Intl formatter loads ICU's
// number data, which would otherwise be paid before the first screen paints.
let plain: Intl.NumberFormat | null = null;

/** `minorUnits` of `currency`; hundredths while the currency is unknown (main/products). */
export function priceText(minorUnits: number, currency: string | null): string {
  if (currency !== null) return formatMoney(minorUnits, currency);
  plain ??= new Intl.NumberFormat('en', { maximumFractionDigits: 2 });
  return plain.format(minorUnits / 100);
}

export function productPrice(product: Product): string {
  return priceText(product.unitAmount, product.currency);
}
