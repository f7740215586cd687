// Amounts for people and spreadsheets: integer minor units → a plain decimal string.
import { currencyDigits } from '../quaderno';

/** 1500 EUR → '15.00'; 500 JPY → '500'; -5 EUR → '-0.05'. No grouping, '.' as separator. */
export function minorToDecimal(amount: number, currency: string): string {
  const digits = currencyDigits(currency);
  const sign = amount < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(amount));
  if (digits === 0) return `${sign}${abs}`;
  const text = String(abs).padStart(digits + 1, '0');
  return `${sign}${text.slice(0, -digits)}.${text.slice(-digits)}`;
}
