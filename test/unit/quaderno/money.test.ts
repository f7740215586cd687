import { describe, expect, it } from 'vitest';
import { currencyDigits, toMinorUnits, unitCostToMinorUnits } from '../../../main/quaderno';

describe('toMinorUnits', () => {
  it('keeps euro and dollar cents as they are', () => {
    expect(toMinorUnits(2100, 'EUR')).toBe(2100);
    expect(toMinorUnits(999.0, 'USD')).toBe(999);
  });

  it('turns Quaderno hundredths of a yen into whole yen', () => {
    expect(toMinorUnits(50000, 'JPY')).toBe(500);
  });

  it('rounds a fraction of a yen half away from zero', () => {
    expect(toMinorUnits(50050, 'JPY')).toBe(501);
    expect(toMinorUnits(50049, 'JPY')).toBe(500);
  });

  it('scales to the three minor digits of the Kuwaiti dinar', () => {
    expect(toMinorUnits(1234, 'KWD')).toBe(12340);
  });

  it('rejects an unknown currency as a bad response', () => {
    expect(() => toMinorUnits(100, 'XX1')).toThrow(
      expect.objectContaining({ code: 'bad_response' }),
    );
    expect(() => toMinorUnits(Number.NaN, 'EUR')).toThrow(
      expect.objectContaining({ code: 'bad_response' }),
    );
  });
});

describe('unitCostToMinorUnits', () => {
  it.each([
    ['21.0', 'EUR', 2100],
    ['0.29', 'EUR', 29],
    ['19.99', 'USD', 1999],
    ['7', 'GBP', 700],
    ['500.0', 'JPY', 500],
    ['500.5', 'JPY', 501],
    ['12.345', 'KWD', 12345],
    ['12.3456', 'KWD', 12346],
    ['1.005', 'EUR', 101],
  ])('reads %s %s as %i minor units', (cost, currency, minor) => {
    expect(unitCostToMinorUnits(cost, currency)).toBe(minor);
  });

  it('rejects a price it cannot read', () => {
    expect(() => unitCostToMinorUnits('12,50', 'EUR')).toThrow(
      expect.objectContaining({ code: 'bad_response' }),
    );
    expect(() => unitCostToMinorUnits('', 'EUR')).toThrow(/cannot read/);
  });

  it('knows the minor digits of currencies', () => {
    expect([currencyDigits('EUR'), currencyDigits('JPY'), currencyDigits('KWD')]).toEqual([
      2, 0, 3,
    ]);
  });
});
