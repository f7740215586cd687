// A purchase fingerprint: the same customer buying the same things gets the same value, so
// an open link can be found again locally or, via session metadata, in Quaderno.
import { createHash } from 'node:crypto';

export interface FingerprintItem {
  product: string;
  quantity: number;
  /** Price override per unit in minor units; undefined when the catalogue price applies. */
  unitAmount?: number | undefined;
  /** null for a product whose currency Quaderno has not told yet. */
  currency: string | null;
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function purchaseFingerprint(email: string, items: readonly FingerprintItem[]): string {
  const parts = items
    .map((i) => [i.product, i.quantity, i.unitAmount ?? null, (i.currency ?? '').toUpperCase()])
    .map((p) => JSON.stringify(p))
    .sort();
  const canonical = JSON.stringify([normalizeEmail(email), parts]);
  return createHash('sha256').update(canonical).digest('hex').slice(0, 40);
}

/**
 * The fingerprints one purchase may be stored under: its own, then the one it had while
 * Quaderno had not said its products' currencies (a catalogue price's currency is learned
 * later, from a session or a sync; docs/quaderno-api.md › Where the real service differs).
 * Looking both up keeps a link made before the currency was known reusable after.
 */
export function purchaseFingerprints(email: string, items: readonly FingerprintItem[]): string[] {
  const own = purchaseFingerprint(email, items);
  const unknown = purchaseFingerprint(
    email,
    items.map((i) => (i.unitAmount === undefined ? { ...i, currency: null } : i)),
  );
  return unknown === own ? [own] : [own, unknown];
}
