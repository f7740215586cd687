import { ConsoleError } from '../errors';
import { currencyDigits as sharedCurrencyDigits } from '../../preload/money';

function unknownCurrency(currency: string): ConsoleError {
  return new ConsoleError(
    'bad_response',
    `Quaderno sent an amount in an unknown currency (${JSON.stringify(currency)}). Check the product's currency in Quaderno.`,
  );
}

/** Minor-unit digits of a currency, from the one table in preload/money.ts (EUR 2, JPY 0, KWD 3). */
export function currencyDigits(currency: string): number {
  if (!/^[A-Za-z]{3}$/.test(currency)) throw unknownCurrency(currency);
  try {
    return sharedCurrencyDigits(currency);
  } catch {
    throw unknownCurrency(currency);
  }
}

function ensureSafe(value: number, currency: string): number {
  if (!Number.isSafeInteger(value)) {
    throw new ConsoleError(
      'bad_response',
      `Quaderno sent an amount in ${currency} too large to handle. Check the product's price in Quaderno.`,
    );
  }
  return value === 0 ? 0 : value; // no -0
}

function roundHalfAwayFromZero(value: number): number {
  return Math.sign(value) * Math.round(Math.abs(value));
}

/**
 * Quaderno's "cents" are always hundredths of the major unit, whatever the currency
 * (docs/quaderno-api.md › Checkout sessions): JPY 50000 from Quaderno is ¥500, i.e. 500 minor units.
 */
export function toMinorUnits(quadernoCents: number, currency: string): number {
  if (!Number.isFinite(quadernoCents)) {
    throw new ConsoleError(
      'bad_response',
      `Quaderno sent an amount that is not a number (${currency}).`,
    );
  }
  const digits = currencyDigits(currency);
  const scaled =
    digits >= 2 ? quadernoCents * 10 ** (digits - 2) : quadernoCents / 10 ** (2 - digits);
  return ensureSafe(roundHalfAwayFromZero(scaled), currency);
}

const DECIMAL = /^(-)?(\d+)(?:\.(\d*))?$/;

/**
 * Product prices arrive as decimal strings in major units ("21.0"). Parsed digit by digit so
 * "0.29" never becomes 28.999…; extra digits round half away from zero.
 */
export function unitCostToMinorUnits(unitCost: string, currency: string): number {
  const match = unitCost.trim().match(DECIMAL);
  if (!match) {
    throw new ConsoleError(
      'bad_response',
      `Quaderno sent a price Checkout Console cannot read (${JSON.stringify(unitCost)}). Check the product's price in Quaderno.`,
    );
  }
  const [, minus, whole = '0', fraction = ''] = match;
  const digits = currencyDigits(currency);
  const kept = fraction.slice(0, digits).padEnd(digits, '0');
  const roundUp = (fraction[digits] ?? '0') >= '5';
  const magnitude = Number(whole) * 10 ** digits + Number(kept || '0') + (roundUp ? 1 : 0);
  return ensureSafe(minus ? -magnitude : magnitude, currency);
}
