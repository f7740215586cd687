// The one reading of an error's `code` (errno names, SQLite's, Node's ERR_*), so each site asks
// in words instead of narrowing `'code' in e` by hand.
import { mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { errorCode } from '../../main/error-code';

const thrown = (act: () => unknown): unknown => {
  try {
    act();
  } catch (e) {
    return e;
  }
  throw new Error('nothing was thrown');
};

describe('errorCode', () => {
  it('reads the code Node puts on a failed file call', () => {
    expect(errorCode(thrown(() => readFileSync('/nonexistent/checkout-console')))).toBe('ENOENT');
    expect(errorCode(thrown(() => mkdirSync(tmpdir())))).toBe('EEXIST');
  });

  it('reads the code of a plain object, as fetch hands a socket error as its cause', () => {
    expect(errorCode({ code: 'ECONNREFUSED', errno: -111 })).toBe('ECONNREFUSED');
    expect(errorCode(new TypeError('fetch failed', { cause: { code: 'X' } }))).toBeUndefined();
  });

  it('gives a numeric code as text and nothing for anything else', () => {
    expect(errorCode(Object.assign(new Error('busy'), { code: 5 }))).toBe('5');
    expect(errorCode(Object.assign(new Error('odd'), { code: { nested: true } }))).toBeUndefined();
    expect(errorCode(new Error('plain'))).toBeUndefined();
    expect(errorCode('ENOENT')).toBeUndefined();
    expect(errorCode(null)).toBeUndefined();
    expect(errorCode(undefined)).toBeUndefined();
  });
});
