// One wording of a sale's products for main and the page, zod-free so the page needs no schema
// library to show it (issue 16, first paint); contract-live.ts re-exports it.

/**
 * "3 × Consulting Hour" wherever a sale's products are shown. A count of one reads as the name
 * alone, as on a receipt, and so does an unknown count: "1 ×" would say what nobody reported.
 */
export function productLine(p: {
  name: string | null;
  code: string;
  quantity?: number | null;
}): string {
  const name = p.name ?? p.code;
  return typeof p.quantity === 'number' && p.quantity > 1 ? `${p.quantity} × ${name}` : name;
}
