// Numbers typed on the command line (quantities, ids, ports, limits, timeouts), read one strict
// way: what is not plainly digits is a mistake to point out, not a number to guess at.
import { UsageError } from './output';

/**
 * `text` as a whole number from min to max, or undefined. Digits only: Number() also takes
 * 0x2, 1e1, 0b11, " 3" and 2.0, and reads '' as 0.
 */
export function parseWhole(
  text: string,
  min: number,
  max: number = Number.MAX_SAFE_INTEGER,
): number | undefined {
  if (!/^\d+$/.test(text)) return undefined;
  const n = Number(text);
  return Number.isSafeInteger(n) && n >= min && n <= max ? n : undefined;
}

/** A whole number from min (to max) from a flag or word, or a usage error naming it. */
export function wholeNumber(
  what: string,
  text: string,
  min = 1,
  max: number = Number.MAX_SAFE_INTEGER,
): number {
  const n = parseWhole(text, min, max);
  if (n !== undefined) return n;
  const range =
    max < Number.MAX_SAFE_INTEGER ? ` from ${min} to ${max}` : min > 0 ? ` from ${min}` : '';
  throw new UsageError(`${what} needs a whole number${range}, not ${JSON.stringify(text)}.`);
}
