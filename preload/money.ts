// Money is integer minor units plus an ISO currency everywhere in the console.
// Shared by the renderer and the CLI (pure, no Node, no DOM).

/** Digits after the decimal point for a currency (2 for EUR, 0 for JPY, 3 for KWD). */
export function currencyDigits(currency: string): number {
  const format = new Intl.NumberFormat('en', { style: 'currency', currency });
  return format.resolvedOptions().maximumFractionDigits ?? 2;
}

export function formatMoney(minorUnits: number, currency: string, locale = 'en'): string {
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
  return format.format(minorUnits / 10 ** currencyDigits(currency));
}
