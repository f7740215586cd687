// Amounts for people and spreadsheets: integer minor units → a plain decimal string.
import { currencyDigits } from '../quaderno';

/** 1500 EUR → '15.00'; 500 JPY → '500'; -5 EUR → '-0.05'. No grouping, '.' as separator. */
export function minorToDecimal(amount: number, currency: string): string {
  const digits = digitsOf(currency);
  const sign = amount < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(amount));
  if (digits === 0) return `${sign}${abs}`;
  const text = String(abs).padStart(digits + 1, '0');
  return `${sign}${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

// Building an Intl.NumberFormat costs far more than formatting: an export of 100,000 sales
// asks for the same two or three currencies over and over.
const digitsCache = new Map<string, number>();
function digitsOf(currency: string): number {
  let digits = digitsCache.get(currency);
  if (digits === undefined) {
    digits = currencyDigits(currency);
    digitsCache.set(currency, digits);
  }
  return digits;
}
