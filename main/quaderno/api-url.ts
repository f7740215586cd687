import { ConsoleError } from '../errors';

const ACCOUNT_NAME = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;
// Quaderno hosts one account per subdomain; the sandbox environment mirrors it (docs/quaderno-api.md › Connection).
const QUADERNO_HOST = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.(?:sandbox-)?quadernoapp\.com$/;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

const HOW_TO =
  'Enter your Quaderno account name (like acme) or its API URL ' +
  '(like https://acme.quadernoapp.com/api/ or https://acme.sandbox-quadernoapp.com/api/).';

function invalidAccount(reason: string): ConsoleError {
  const message = `${reason} ${HOW_TO}`;
  return new ConsoleError('invalid_input', message, { fields: { account: message } });
}

function parseUrl(text: string): URL {
  // A bare host ("acme.quadernoapp.com") is what people copy from the address bar.
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  try {
    return new URL(withScheme);
  } catch {
    throw invalidAccount('That is not a valid account name or URL.');
  }
}

/**
 * Turns what a merchant typed into the account's API base URL, always ending in '/api/'.
 * Plain http is accepted only for the built-in sandbox on this machine (loopback hosts).
 */
export function resolveApiUrl(input: string): string {
  const text = input.trim();
  if (text === '') throw invalidAccount('The account is empty.');
  if (ACCOUNT_NAME.test(text)) return `https://${text.toLowerCase()}.quadernoapp.com/api/`;

  const url = parseUrl(text);
  // Never echo the input back: people sometimes paste a key or credentials here.
  if (url.username !== '' || url.password !== '') {
    throw invalidAccount('The URL must not contain a user name or password.');
  }
  if (url.search !== '' || url.hash !== '') {
    throw invalidAccount('The URL must not contain a query (?…) or a fragment (#…).');
  }
  const path = url.pathname.replace(/\/+$/, '');
  if (path !== '' && path !== '/api') {
    throw invalidAccount('The URL path must be empty or /api/.');
  }
  const loopback = LOOPBACK_HOSTS.has(url.hostname);
  if (url.protocol === 'http:' && !loopback) {
    throw invalidAccount(
      'Quaderno URLs must start with https:// (http:// is only for the built-in sandbox).',
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw invalidAccount('The URL must start with https://.');
  }
  if (!loopback && (!QUADERNO_HOST.test(url.hostname) || url.port !== '')) {
    throw invalidAccount('That is not a Quaderno address.');
  }
  return `${url.protocol}//${url.host}/api/`;
}

/** Live or test, from the secret key's prefix (docs/quaderno-api.md › Connection). */
export function accountKindFromKey(apiKey: string): 'live' | 'test' {
  const key = apiKey.trim();
  if (/^sk_live_[A-Za-z0-9]+$/.test(key)) return 'live';
  if (/^sk_test_[A-Za-z0-9]+$/.test(key)) return 'test';
  const message = key.startsWith('pk_')
    ? 'That is the publishable key. Copy the secret key (sk_live_… or sk_test_…) from Quaderno › Developers › API keys.'
    : 'That does not look like a Quaderno secret key. Copy it (sk_live_… or sk_test_…) from Quaderno › Developers › API keys.';
  throw new ConsoleError('invalid_input', message, { fields: { apiKey: message } });
}
