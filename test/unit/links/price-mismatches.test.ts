// Whether Quaderno's answer priced each override as asked: an override for a product whose
// currency is not known yet is asked in hundredths, and the answer's item is in the minor units
// of the currency Quaderno chose, which for ¥ are whole yen.
import { describe, expect, it } from 'vitest';
import { mismatches, overridesOf } from '../../../main/links/price-check';
import type { NormalizedSession } from '../../../main/quaderno';

function answered(unitAmount: number, currency: string): NormalizedSession {
  return {
    items: [{ product: 'consult', name: 'Consulting', quantity: 1, unitAmount, currency }],
  } as unknown as NormalizedSession;
}

describe('price overrides read back', () => {
  it('accepts ¥600 for 60000 hundredths asked with the currency unknown', () => {
    const asked = overridesOf([
      { product: 'consult', quantity: 1, unitAmount: 60_000, currency: null },
    ]);
    expect(mismatches(answered(600, 'JPY'), asked)).toEqual([]);
    expect(mismatches(answered(6_000, 'JPY'), asked)).toHaveLength(1);
  });

  it('compares minor units as they are when the currency was given', () => {
    const asked = overridesOf([
      { product: 'consult', quantity: 1, unitAmount: 600, currency: 'JPY' },
    ]);
    expect(mismatches(answered(600, 'JPY'), asked)).toEqual([]);
    const eur = overridesOf([
      { product: 'consult', quantity: 1, unitAmount: 500, currency: 'EUR' },
    ]);
    expect(mismatches(answered(500, 'EUR'), eur)).toEqual([]);
    expect(mismatches(answered(5_000, 'EUR'), eur)).toHaveLength(1);
  });
});
