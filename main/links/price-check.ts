// What Quaderno made of the price overrides a write sent, read back from its answer. Responses
// are proven to be in cents; requests may be read in major units (docs/quaderno-api.md › Where
// the real service differs), so every answer to a write that sets a price is compared.
import type { LinkItem } from '../../preload/contract-links';
import { formatMoney } from '../../preload/money';
import type { NormalizedSession } from '../quaderno';
import { readAmount, toQuadernoCents, type RequestAmountUnits } from './amounts';
import type { FingerprintItem } from './fingerprint';

export interface Override {
  index: number;
  product: string;
  /** null while the product's currency is unknown: Quaderno's choice is then taken as meant. */
  currency: string | null;
  /** The unit price the merchant asked for, in minor units. */
  intended: number;
  /** The `amount` the request carried; undefined when only the result is known (a reuse). */
  sent: number | undefined;
}

export interface Mismatch {
  name: string;
  intended: number;
  currency: string;
  actual: { amount: number; currency: string } | null;
}

export function overridesOf(
  items: readonly FingerprintItem[],
  sent?: ReadonlyArray<{ amount?: number | null | undefined }>,
): Override[] {
  const out: Override[] = [];
  items.forEach((item, index) => {
    if (item.unitAmount === undefined) return;
    out.push({
      index,
      product: item.product,
      currency: item.currency?.toUpperCase() ?? null,
      intended: item.unitAmount,
      sent: sent?.[index]?.amount ?? undefined,
    });
  });
  return out;
}

// Quaderno echoes items in the order sent; the product code is the fallback if it does not.
function returned(session: NormalizedSession, o: Override): LinkItem | undefined {
  const same = session.items[o.index];
  return same?.product === o.product ? same : session.items.find((i) => i.product === o.product);
}

export function mismatches(session: NormalizedSession, overrides: readonly Override[]): Mismatch[] {
  const out: Mismatch[] = [];
  for (const o of overrides) {
    const item = returned(session, o);
    const currency = o.currency ?? item?.currency ?? 'EUR';
    // With its currency unknown the price was asked in hundredths (Quaderno's cents); the answer's
    // item is in its currency's minor units, which differ for ¥ or KWD.
    const answered =
      item && o.currency === null
        ? toQuadernoCents(item.unitAmount, item.currency)
        : item?.unitAmount;
    if (item && answered === o.intended && item.currency === currency) continue;
    out.push({
      name: item?.name ?? o.product,
      intended: o.intended,
      currency,
      actual: item ? { amount: item.unitAmount, currency: item.currency } : null,
    });
  }
  return out;
}

/** Whether every override came back as an account reading `units` would have priced it. */
export function explainedBy(
  session: NormalizedSession,
  overrides: readonly Override[],
  units: RequestAmountUnits,
): boolean {
  return (
    overrides.length > 0 &&
    overrides.every((o) => {
      if (o.sent === undefined) return false;
      const item = returned(session, o);
      if (!item || item.currency !== (o.currency ?? item.currency)) return false;
      return item.unitAmount === readAmount(o.sent, item.currency, units);
    })
  );
}

/** "Quaderno priced Consulting Hour at €500.00 instead of €5.00" (one clause per item). */
export function describeMismatches(list: readonly Mismatch[]): string {
  const clauses = list.map((m) => {
    const intended = formatMoney(m.intended, m.currency);
    return m.actual
      ? `Quaderno priced ${m.name} at ${formatMoney(m.actual.amount, m.actual.currency)} instead of ${intended}`
      : `Quaderno left ${m.name} out instead of pricing it at ${intended}`;
  });
  return clauses.join('; ');
}

export const UNEXPLAINED =
  'Quaderno reads price overrides on this account in a way Checkout Console does not know: ' +
  'make the link without a price override, or change the price on the product in Quaderno first.';
