// Quaderno takes and returns session amounts in hundredths of the major unit for every
// currency (quaderno-api.md › Checkout sessions); the console keeps true minor units.
import { currencyDigits } from '../quaderno';

export function toQuadernoCents(minorUnits: number, currency: string): number {
  const digits = currencyDigits(currency);
  return digits >= 2 ? minorUnits / 10 ** (digits - 2) : minorUnits * 10 ** (2 - digits);
}

const known = new Set(Intl.supportedValuesOf('currency'));

export function isKnownCurrency(code: string): boolean {
  return known.has(code.toUpperCase());
}
