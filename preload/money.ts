// Money is integer minor units plus an ISO currency everywhere in the console.
// Shared by the renderer and the CLI (pure, no Node, no DOM).

// Building an Intl.NumberFormat is costly (it showed up in the receiver's profile), so each
// one is made once per currency and locale. Throws RangeError for an unknown currency.
const formats = new Map<string, Intl.NumberFormat>();
function formatFor(currency: string, locale: string): Intl.NumberFormat {
  const key = `${locale} ${currency}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: 'currency', currency });
    formats.set(key, format);
  }
  return format;
}

const plain = new Map<string, Intl.NumberFormat>();
function plainFor(locale: string): Intl.NumberFormat {
  let format = plain.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    plain.set(locale, format);
  }
  return format;
}

// resolvedOptions() builds a fresh object each call: the digits are remembered too.
const digitsByCurrency = new Map<string, number>();

/**
 * Digits after the decimal point for a currency (2 for EUR, 0 for JPY, 3 for KWD). null is a
 * product whose currency Quaderno has not told yet: its price is kept in hundredths.
 */
export function currencyDigits(currency: string | null): number {
  if (currency === null) return 2;
  const code = currency.toUpperCase();
  let digits = digitsByCurrency.get(code);
  if (digits === undefined) {
    digits = formatFor(code, 'en').resolvedOptions().maximumFractionDigits ?? 2;
    digitsByCurrency.set(code, digits);
  }
  return digits;
}

export function formatMoney(minorUnits: number, currency: string | null, locale = 'en'): string {
  if (currency === null) return plainFor(locale).format(minorUnits / 100);
  return formatFor(currency.toUpperCase(), locale).format(
    minorUnits / 10 ** currencyDigits(currency),
  );
}
