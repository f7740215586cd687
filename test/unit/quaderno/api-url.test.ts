import { describe, expect, it } from 'vitest';
import { ConsoleError } from '../../../main/errors';
import { accountKindFromKey, resolveApiUrl } from '../../../main/quaderno';

function rejection(input: string): ConsoleError {
  try {
    resolveApiUrl(input);
  } catch (e) {
    if (e instanceof ConsoleError) return e;
    throw e;
  }
  throw new Error(`expected ${input} to be rejected`);
}

describe('resolveApiUrl', () => {
  it.each([
    ['acme', 'https://acme.quadernoapp.com/api/'],
    ['  Acme-Shop ', 'https://acme-shop.quadernoapp.com/api/'],
    ['https://acme.quadernoapp.com', 'https://acme.quadernoapp.com/api/'],
    ['https://acme.quadernoapp.com/', 'https://acme.quadernoapp.com/api/'],
    ['https://acme.quadernoapp.com/api', 'https://acme.quadernoapp.com/api/'],
    ['https://acme.quadernoapp.com/api/', 'https://acme.quadernoapp.com/api/'],
    ['https://ACME.quadernoapp.com:443/api/', 'https://acme.quadernoapp.com/api/'],
    ['acme.quadernoapp.com', 'https://acme.quadernoapp.com/api/'],
    ['https://acme.sandbox-quadernoapp.com/api/', 'https://acme.sandbox-quadernoapp.com/api/'],
    ['https://acme.sandbox-quadernoapp.com', 'https://acme.sandbox-quadernoapp.com/api/'],
    ['http://127.0.0.1:4567/api/', 'http://127.0.0.1:4567/api/'],
    ['http://127.0.0.1:4567/api', 'http://127.0.0.1:4567/api/'],
    ['http://localhost:4567/api/', 'http://localhost:4567/api/'],
    ['http://[::1]:4567/api/', 'http://[::1]:4567/api/'],
  ])('turns %j into %s', (input, expected) => {
    expect(resolveApiUrl(input)).toBe(expected);
  });

  it.each([
    ['an empty value', '   '],
    ['plain http to a Quaderno host', 'http://acme.quadernoapp.com/api/'],
    ['another domain', 'https://acme.example.com/api/'],
    ['a look-alike domain', 'https://acme.quadernoapp.com.evil.io/api/'],
    ['a nested subdomain', 'https://a.b.quadernoapp.com/api/'],
    ['the bare Quaderno domain', 'https://quadernoapp.com/api/'],
    ['plain http to a LAN address', 'http://192.168.1.10:8080/api/'],
    ['another path', 'https://acme.quadernoapp.com/dashboard'],
    ['a query string', 'https://acme.quadernoapp.com/api/?x=1'],
    ['credentials in the URL', 'https://sk_live_abc:x@acme.quadernoapp.com/api/'],
    ['a non-default port on a Quaderno host', 'https://acme.quadernoapp.com:8443/api/'],
    ['another scheme', 'ftp://acme.quadernoapp.com/api/'],
    ['spaces inside', 'acme shop'],
  ])('rejects %s with a message showing what a valid value looks like', (_label, input) => {
    const error = rejection(input);
    expect(error.code).toBe('invalid_input');
    expect(error.message).toContain('https://acme.quadernoapp.com/api/');
    expect(error.fields?.account).toBe(error.message);
  });

  it('never repeats a pasted key or password back in the message', () => {
    const error = rejection('https://sk_live_secret123:pw@acme.quadernoapp.com/api/');
    expect(error.message).not.toContain('sk_live_secret123');
    expect(error.message).not.toContain('pw@');
  });
});

describe('accountKindFromKey', () => {
  it('reads live and test from the secret key prefix', () => {
    expect(accountKindFromKey('sk_live_abc123')).toBe('live');
    expect(accountKindFromKey('sk_test_abc123')).toBe('test');
  });

  it('tells the merchant when they pasted the publishable key', () => {
    expect(() => accountKindFromKey('pk_live_abc123')).toThrow(/publishable key/);
  });

  it('rejects anything that is not a secret key as invalid input on the apiKey field', () => {
    try {
      accountKindFromKey('hello');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConsoleError);
      expect((e as ConsoleError).code).toBe('invalid_input');
      expect((e as ConsoleError).fields?.apiKey).toMatch(/sk_live_/);
    }
  });
});
