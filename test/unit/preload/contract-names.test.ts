// The preload checks names against zod-free lists (preload/contract-names.ts): they must stay
// the contract's own, or the preload would refuse a new method or pass a removed one to main.
import { describe, expect, it } from 'vitest';
import { eventNameList, methodNameList } from '../../../preload/contract-names';
import { events, methods } from '../../../preload/contract';

const sorted = (names: readonly string[]) => [...names].sort();

describe('the preload’s name lists', () => {
  it('hold exactly the contract’s methods', () => {
    expect(sorted(methodNameList)).toEqual(sorted(Object.keys(methods)));
  });

  it('hold exactly the contract’s events', () => {
    expect(sorted(eventNameList)).toEqual(sorted(Object.keys(events)));
  });

  it('hold each name once', () => {
    expect(new Set(methodNameList).size).toBe(methodNameList.length);
    expect(new Set(eventNameList).size).toBe(eventNameList.length);
  });
});
