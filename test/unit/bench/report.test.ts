import { describe, expect, it } from 'vitest';
import { meetsTarget } from '../../bench/report';

const figure = (value: number, target?: string) => ({ name: 'x', value, unit: 'ms', target });

describe('bench targets', () => {
  it('reads every form the benches use', () => {
    expect(meetsTarget(figure(19.9, '< 20 ms'))).toBe(true);
    expect(meetsTarget(figure(20, '< 20 ms'))).toBe(false);
    expect(meetsTarget(figure(200, '<= 200'))).toBe(true);
    expect(meetsTarget(figure(201, '<= 200'))).toBe(false);
    expect(meetsTarget(figure(0.5, '>= 0.5'))).toBe(true);
    expect(meetsTarget(figure(0.49, '>= 0.5'))).toBe(false);
    expect(meetsTarget(figure(1, '= 1'))).toBe(true);
    expect(meetsTarget(figure(2, '= 1'))).toBe(false);
    expect(meetsTarget(figure(0, '0'))).toBe(true);
    expect(meetsTarget(figure(3, '0'))).toBe(false);
  });

  it('does not judge a figure without a readable target', () => {
    expect(meetsTarget(figure(5))).toBeUndefined();
    expect(meetsTarget(figure(5, 'fast'))).toBeUndefined();
  });
});
