import { describe, expect, it } from 'vitest';
import { createMemorySecrets, credentialsFromEnv } from '../../../main/secrets';

describe('credentialsFromEnv', () => {
  it('returns both values when both variables are set', () => {
    expect(
      credentialsFromEnv({
        CHECKOUT_CONSOLE_API_URL: 'acme',
        CHECKOUT_CONSOLE_API_KEY: 'sk_live_123',
      }),
    ).toEqual({ apiUrl: 'acme', apiKey: 'sk_live_123' });
  });

  it('returns null when neither is set, or both are empty', () => {
    expect(credentialsFromEnv({ PATH: '/usr/bin' })).toBeNull();
    expect(
      credentialsFromEnv({ CHECKOUT_CONSOLE_API_URL: '', CHECKOUT_CONSOLE_API_KEY: '  ' }),
    ).toBeNull();
  });

  it('names the missing API key when only the URL is set', () => {
    expect(() => credentialsFromEnv({ CHECKOUT_CONSOLE_API_URL: 'acme' })).toThrow(
      expect.objectContaining({
        code: 'invalid_input',
        message: expect.stringMatching(/CHECKOUT_CONSOLE_API_KEY is missing/),
        fields: { CHECKOUT_CONSOLE_API_KEY: expect.any(String) },
      }),
    );
  });

  it('names the missing URL when only the API key is set', () => {
    expect(() => credentialsFromEnv({ CHECKOUT_CONSOLE_API_KEY: 'sk_test_1' })).toThrow(
      expect.objectContaining({
        code: 'invalid_input',
        message: expect.stringMatching(/CHECKOUT_CONSOLE_API_URL is missing/),
      }),
    );
  });

  it('passes the URL through unvalidated for the API client to resolve', () => {
    expect(
      credentialsFromEnv({ CHECKOUT_CONSOLE_API_URL: 'not a url', CHECKOUT_CONSOLE_API_KEY: 'k' }),
    ).toEqual({ apiUrl: 'not a url', apiKey: 'k' });
  });
});

describe('createMemorySecrets', () => {
  it('behaves like a keychain: set, get, overwrite, delete', async () => {
    const secrets = createMemorySecrets();
    await secrets.set('a', '1');
    await secrets.set('a', '2');
    expect(await secrets.get('a')).toBe('2');
    expect(await secrets.delete('a')).toBe(true);
    expect(await secrets.delete('a')).toBe(false);
    expect(await secrets.get('a')).toBeNull();
  });
});
