// Money is integer minor units plus an ISO currency everywhere in the console.
// Shared by the renderer and the CLI (pure, no Node, no DOM).

// Building an Intl.NumberFormat is costly (it showed up in the receiver's profile), so each
// one is made once per currency and locale. Throws RangeError for an unknown currency.
const formats = new Map<string, Intl.NumberFormat>();
function formatFor(currency: string, locale: string): Intl.NumberFormat {
  const key = `${locale} ${currency}`;
  let format = formats.get(key);
  if (!format) {
    const digits = currencyDigits(currency);
    format = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
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

// Minor-unit digits are fixed here, not asked of the runtime's ICU. The app (Chromium's ICU) and
// the CLI (the system Node's) share one data file, and ICU versions disagree: RSD has 2 digits
// in Node 20's ICU 78 and 0 in Chromium 156's, so an amount one stored was read 100× off by the
// other. Frozen as both runtimes agreed in 2026-12 (CLDR's digits, which differ from ISO 4217
// for HUF, IDR, COP and a few more); RSD keeps the 2 that Node, ISO 4217 and older ICUs give.
const ZERO_DIGITS = new Set(
  (
    'AFN ALL BIF CLP COP DJF GNF HUF IDR IQD IRR ISK JPY KMF KPW KRW LAK LBP MGA MMK PKR PYG ' +
    'RWF SLL SOS SYP UGX VND VUV XAF XOF XPF YER'
  ).split(' '),
);
const THREE_DIGITS = new Set(['BHD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND']);
const CURRENCY_CODE = /^[A-Z]{3}$/;

/**
 * Digits after the decimal point for a currency (2 for EUR, 0 for JPY, 3 for KWD). null is a
 * product whose currency Quaderno has not told yet: its price is kept in hundredths. Throws
 * RangeError for what is not a currency code.
 */
export function currencyDigits(currency: string | null): number {
  if (currency === null) return 2;
  const code = currency.toUpperCase();
  if (!CURRENCY_CODE.test(code)) throw new RangeError(`Invalid currency code: ${currency}`);
  return ZERO_DIGITS.has(code) ? 0 : THREE_DIGITS.has(code) ? 3 : 2;
}

export function formatMoney(minorUnits: number, currency: string | null, locale = 'en'): string {
  if (currency === null) return plainFor(locale).format(minorUnits / 100);
  return formatFor(currency.toUpperCase(), locale).format(
    minorUnits / 10 ** currencyDigits(currency),
  );
}
