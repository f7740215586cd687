// `--item CODE[:QTY][@PRICE]`: what the CLI makes of a typed item and its unit price.
import { describe, expect, it } from 'vitest';
import { parseItem } from '../../../main/commands/links';
import { UsageError } from '../../../main/commands/output';
import { parseUnitPrice } from '../../../main/commands/unit-price';

describe('parseItem', () => {
  it('reads a code, a quantity and a price in any combination', () => {
    expect(parseItem('prod_1')).toEqual({ product: 'prod_1', quantity: 1 });
    expect(parseItem('prod_1:2')).toEqual({ product: 'prod_1', quantity: 2 });
    expect(parseItem('prod_1@5.00')).toEqual({ product: 'prod_1', quantity: 1, price: '5.00' });
    expect(parseItem('prod_1:2@5.00')).toEqual({ product: 'prod_1', quantity: 2, price: '5.00' });
  });

  it('refuses an @ with no price after it', () => {
    expect(() => parseItem('prod_1:2@')).toThrow(UsageError);
    expect(() => parseItem('prod_1:2@')).toThrow(/put a price after @, like prod_1:2@5\.00/);
  });
});

describe('parseUnitPrice', () => {
  it('turns a price in major units into minor units of the currency', () => {
    expect(parseUnitPrice('5.00', 'EUR', 'p')).toBe(500);
    expect(parseUnitPrice('5', 'EUR', 'p')).toBe(500);
    expect(parseUnitPrice('19.9', 'USD', 'p')).toBe(1990);
    expect(parseUnitPrice('500', 'JPY', 'p')).toBe(500);
    expect(parseUnitPrice('1.250', 'KWD', 'p')).toBe(1250);
  });

  it.each([
    ['abc', /must be a positive number in EUR, like 5\.00/],
    ['-5', /must be a positive number/],
    ['€5', /no currency sign/],
    ['5,00', /a dot for decimals/],
    ['0', /more than zero/],
    ['0.00', /more than zero/],
    ['5.001', /EUR takes at most 2 decimals, like 5\.00/],
    ['1e3', /must be a positive number/],
    ['99999999999999999999', /too large/],
  ])('refuses %s for a product in EUR, saying why', (text, message) => {
    expect(() => parseUnitPrice(text, 'EUR', 'prod_1')).toThrow(UsageError);
    expect(() => parseUnitPrice(text, 'EUR', 'prod_1')).toThrow(message);
  });

  it('refuses decimals in a currency that has none', () => {
    expect(() => parseUnitPrice('5.50', 'JPY', 'prod_1')).toThrow(
      /--item prod_1@5\.50: JPY has no decimals; write the price like 500/,
    );
  });
});
