// `--item CODE@PRICE`: a unit price typed in major units ("5.00"), checked in the currency of
// the product before the link is asked for.
import { currencyDigits } from '../../preload/money';
import { UsageError } from './output';

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/**
 * "5.00" in EUR → 500; "500" in JPY → 500. A product whose currency Quaderno has not told yet
 * takes hundredths, as the catalogue keeps its price.
 */
export function parseUnitPrice(text: string, currency: string | null, product: string): number {
  const digits = currency ? currencyDigits(currency) : 2;
  const example = digits === 0 ? '500' : `5.${'0'.repeat(digits)}`;
  const where = `--item ${product}@${text}`;
  const match = text.match(DECIMAL);
  if (!match) {
    throw new UsageError(
      `${where}: the price must be a positive number${currency ? ` in ${currency}` : ''}, like ${example} (a dot for decimals, no currency sign).`,
    );
  }
  const [, whole = '0', fraction = ''] = match;
  if (fraction.length > digits) {
    throw new UsageError(
      digits === 0
        ? `${where}: ${currency ?? 'this currency'} has no decimals; write the price like ${example}.`
        : `${where}: ${currency ?? 'the price'} takes at most ${digits} decimals, like ${example}.`,
    );
  }
  const minor = Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
  if (minor <= 0) throw new UsageError(`${where}: the price must be more than zero.`);
  if (!Number.isSafeInteger(minor)) throw new UsageError(`${where}: the price is too large.`);
  return minor;
}
