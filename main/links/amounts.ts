// Quaderno returns session amounts in hundredths of the major unit for every currency
// (docs/quaderno-api.md › Checkout sessions); the console keeps true minor units. What it does
// with a request item's `amount` is less certain: the reference calls it a decimal "unit price",
// so an account may read it in major units (docs/quaderno-api.md › Where the real service
// differs). The console sends cents until a write proves otherwise (see price-check.ts).
import { currencyDigits, toMinorUnits } from '../quaderno';

/** How an account reads a request item's `amount`: Quaderno cents, or a decimal unit price. */
export type RequestAmountUnits = 'minor' | 'major';

export function toQuadernoCents(minorUnits: number, currency: string): number {
  const digits = currencyDigits(currency);
  return digits >= 2 ? minorUnits / 10 ** (digits - 2) : minorUnits * 10 ** (2 - digits);
}

/** The `amount` to send for a unit price of `minorUnits`, for an account reading `units`. */
export function requestAmount(
  minorUnits: number,
  currency: string,
  units: RequestAmountUnits,
): number {
  return units === 'major'
    ? minorUnits / 10 ** currencyDigits(currency)
    : toQuadernoCents(minorUnits, currency);
}

/** The price in minor units that an account reading `units` makes of a sent `amount`. */
export function readAmount(sent: number, currency: string, units: RequestAmountUnits): number {
  return toMinorUnits(units === 'major' ? Math.round(sent * 100) : sent, currency);
}

export function otherUnits(units: RequestAmountUnits): RequestAmountUnits {
  return units === 'major' ? 'minor' : 'major';
}

const known = new Set(Intl.supportedValuesOf('currency'));

export function isKnownCurrency(code: string): boolean {
  return known.has(code.toUpperCase());
}
