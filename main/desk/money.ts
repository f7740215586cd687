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

/** 1500 EUR → '€15.00', for notifications (en locale, the symbol the currency is known by). */
export function formatMoney(amount: number, currency: string, locale = 'en'): string {
  const digits = currencyDigits(currency);
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(amount / 10 ** digits);
}
