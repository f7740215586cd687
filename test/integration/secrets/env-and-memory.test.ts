import { describe, expect, it } from 'vitest';
import { createMemorySecrets, credentialsFromEnv } from '../../../main/secrets';

describe('credentialsFromEnv', () => {
  it.each([
    [
      'returns both values when both variables are set',
      { CHECKOUT_CONSOLE_API_URL: 'acme', CHECKOUT_CONSOLE_API_KEY: 'sk_live_123' },
      { apiUrl: 'acme', apiKey: 'sk_live_123' },
    ],
    [
      'passes the URL through unvalidated for the API client to resolve',
      { CHECKOUT_CONSOLE_API_URL: 'not a url', CHECKOUT_CONSOLE_API_KEY: 'k' },
      { apiUrl: 'not a url', apiKey: 'k' },
    ],
  ])('%s', (_what, env, credentials) => {
    expect(credentialsFromEnv(env)).toEqual(credentials);
  });

  it('returns null when neither is set, or both are empty', () => {
    expect(credentialsFromEnv({ PATH: '/usr/bin' })).toBeNull();
    expect(
      credentialsFromEnv({ CHECKOUT_CONSOLE_API_URL: '', CHECKOUT_CONSOLE_API_KEY: '  ' }),
    ).toBeNull();
  });

  it.each([
    [
      'names the missing API key when only the URL is set',
      { CHECKOUT_CONSOLE_API_URL: 'acme' },
      {
        message: expect.stringMatching(/CHECKOUT_CONSOLE_API_KEY is missing/),
        fields: { CHECKOUT_CONSOLE_API_KEY: expect.any(String) },
      },
    ],
    [
      'names the missing URL when only the API key is set',
      { CHECKOUT_CONSOLE_API_KEY: 'sk_test_1' },
      { message: expect.stringMatching(/CHECKOUT_CONSOLE_API_URL is missing/) },
    ],
  ])('%s', (_what, env, error) => {
    expect(() => credentialsFromEnv(env)).toThrow(
      expect.objectContaining({ code: 'invalid_input', ...error }),
    );
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
