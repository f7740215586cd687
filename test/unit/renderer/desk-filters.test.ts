import { describe, expect, it } from 'vitest';
import { fulfillmentListInput } from '../../../preload/contract';
import { isFiltered, noFilters, toListQuery } from '../../../renderer/src/fulfillments/filters';
import { productsLabel, taxLabel } from '../../../renderer/src/fulfillments/format';
import { toLivePatch } from '../../../renderer/src/settings/live-draft';

describe('desk filters', () => {
  it('leaves empty fields out, so no filter means every sale', () => {
    expect(toListQuery(noFilters)).toEqual({});
    expect(isFiltered(noFilters)).toBe(false);
    expect(isFiltered({ ...noFilters, search: '   ' })).toBe(false);
  });

  it('turns a date range into whole local days the contract accepts', () => {
    const q = toListQuery({ ...noFilters, from: '2026-11-01', to: '2026-11-01', currency: 'jpy' });
    expect(new Date(q.from ?? '').getDate()).toBe(1);
    expect(new Date(q.from ?? '').getHours()).toBe(0);
    expect(Date.parse(q.to ?? '') - Date.parse(q.from ?? '')).toBeGreaterThanOrEqual(
      23 * 3_600_000,
    );
    expect(q.currency).toBe('JPY');
    expect(fulfillmentListInput.safeParse({ ...q, limit: 10, offset: 0 }).success).toBe(true);
  });

  it('ignores a half-typed date or currency instead of sending an invalid query', () => {
    expect(toListQuery({ ...noFilters, from: '2026-11', currency: 'EU' })).toEqual({});
  });
});

describe('desk formatting', () => {
  it('names the products, falling back to the code and then the description', () => {
    expect(
      productsLabel({
        products: [
          { code: 'A', name: 'Unicorn' },
          { code: 'B', name: null },
        ],
        description: null,
      }),
    ).toBe('Unicorn, B');
    expect(productsLabel({ products: [], description: 'Custom work' })).toBe('Custom work');
  });

  it('says when a sale carried no tax', () => {
    expect(taxLabel({ taxName: null, taxRate: null })).toBe('No tax');
    expect(taxLabel({ taxName: 'VAT', taxRate: 21 })).toBe('VAT 21%');
  });
});

describe('tunnel settings form', () => {
  it('sends only its four settings, with an empty port meaning any free port', () => {
    expect(
      toLivePatch({
        publicUrl: ' https://hooks.test ',
        tunnelSubdomain: 'My-Shop',
        tunnelHost: '',
        receiverPort: '',
      }),
    ).toEqual({
      publicUrl: 'https://hooks.test',
      tunnelSubdomain: 'my-shop',
      tunnelHost: '',
      receiverPort: 0,
    });
  });

  it('refuses a port that is not a whole number before asking main', () => {
    expect(
      toLivePatch({ publicUrl: '', tunnelSubdomain: '', tunnelHost: '', receiverPort: '80a' }),
    ).toEqual({
      error: 'receiverPort',
    });
  });
});
