// How many licence keys a sale takes under a rule: one per unit bought, a quantity nobody
// reported counting as one, and a line reported as 0 units taking none.
import { describe, expect, it } from 'vitest';
import { keysNeeded } from '../../../main/delivery/payload';

const sale = (...products: Array<{ code: string; quantity?: number | null }>) => ({
  products: products.map((p) => ({ name: p.code, ...p })),
});

describe('keys a sale needs', () => {
  it('takes one per unit, and one for a quantity nobody reported', () => {
    const needs = keysNeeded(sale({ code: 'ebook', quantity: 3 }, { code: 'course' }), {
      productCode: null,
    });
    expect([...needs]).toEqual([
      ['ebook', 3],
      ['course', 1],
    ]);
  });

  it("takes none for a line of 0 units, none of another product than the rule's", () => {
    const bought = sale({ code: 'ebook', quantity: 0 }, { code: 'course', quantity: null });
    expect([...keysNeeded(bought, { productCode: null })]).toEqual([['course', 1]]);
    expect([...keysNeeded(bought, { productCode: 'ebook' })]).toEqual([]);
  });

  it('takes whole keys for a fractional quantity: 1.5 units take 2', () => {
    const needs = keysNeeded(
      sale({ code: 'ebook', quantity: 1.5 }, { code: 'course', quantity: 0.2 }),
      {
        productCode: null,
      },
    );
    expect([...needs]).toEqual([
      ['ebook', 2],
      ['course', 1],
    ]);
  });
});
