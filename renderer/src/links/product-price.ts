// A catalogue price as the merchant reads it. A product whose currency Quaderno has not said
// shows its number as Quaderno gave it ("2200", "21.5"): no currency, no decimals added.
import type { Product } from '../../../preload/contract';
import { formatMoney } from '../../../preload/money';

const plain = new Intl.NumberFormat('en', { maximumFractionDigits: 2 });

/** `minorUnits` of `currency`; hundredths while the currency is unknown (main/products). */
export function priceText(minorUnits: number, currency: string | null): string {
  return currency === null ? plain.format(minorUnits / 100) : formatMoney(minorUnits, currency);
}

export function productPrice(product: Product): string {
  return priceText(product.unitAmount, product.currency);
}
