// How the sandbox signs its webhook deliveries. Real accounts are reported to sign in more than
// one way (docs/quaderno-api.md, Signatures), so the sandbox can stand in for each:
// - documented: base64(HMAC-SHA1(auth_key, url + raw body)), the prose of the reference;
// - ruby_snippet: the reference's Ruby snippet taken literally,
//   Base64.encode64(OpenSSL::HMAC.hexdigest('sha1', url + body, auth_key)), newlines and all;
// - sorted_params: base64(HMAC-SHA1(auth_key, url + params.sort.flatten.join)), Ruby < 3.4's
//   rendering of nested hashes ({"k"=>"v"});
// - unknown: HMAC-SHA256, which no candidate matches (an account nobody has identified yet).
// Written apart from main/receiver on purpose: the two must not agree with themselves.
import { createHmac } from 'node:crypto';

export type SignatureScheme = 'documented' | 'ruby_snippet' | 'sorted_params' | 'unknown';

export function signDelivery(
  scheme: SignatureScheme,
  authKey: string,
  url: string,
  body: string,
): string {
  switch (scheme) {
    case 'documented':
      return createHmac('sha1', authKey)
        .update(url + body)
        .digest('base64');
    case 'ruby_snippet': {
      const hex = createHmac('sha1', url + body)
        .update(authKey)
        .digest('hex');
      // Base64.encode64 ends every 60 characters with a newline; a header cannot carry one, so
      // the sender is taken to have stripped them (a 40-digit hex gives one line anyway).
      return Buffer.from(hex).toString('base64');
    }
    case 'sorted_params':
      return createHmac('sha1', authKey)
        .update(url + sortedParams(JSON.parse(body) as Record<string, unknown>))
        .digest('base64');
    case 'unknown':
      return createHmac('sha256', authKey)
        .update(url + body)
        .digest('base64');
  }
}

/** `params.sort.flatten.join` for the JSON the sandbox itself writes (string keys, plain numbers). */
function sortedParams(params: Record<string, unknown>): string {
  const keys = Object.keys(params).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  return keys.map((k) => k + flatJoin(params[k])).join('');
}

function flatJoin(value: unknown): string {
  if (Array.isArray(value)) return value.map(flatJoin).join('');
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  return inspect(value);
}

function inspect(value: unknown): string {
  if (value === null || value === undefined) return 'nil';
  if (typeof value === 'string') return quote(value);
  if (Array.isArray(value)) return `[${value.map(inspect).join(', ')}]`;
  if (typeof value === 'object') {
    const pairs = Object.entries(value).map(([k, v]) => `${quote(k)}=>${inspect(v)}`);
    return `{${pairs.join(', ')}}`;
  }
  return String(value);
}

function quote(s: string): string {
  const named: Record<string, string> = {
    '\n': '\\n',
    '\r': '\\r',
    '\t': '\\t',
    '\f': '\\f',
    '\v': '\\v',
    '\b': '\\b',
    '\u0007': '\\a',
    '\u001b': '\\e',
  };
  // eslint-disable-next-line no-control-regex -- control characters are what Ruby escapes
  const escaped = s.replace(/[\\"]|#(?=[{$@])|[\u0000-\u001f\u007f]/g, (c) => {
    if (c === '\\' || c === '"' || c === '#') return `\\${c}`;
    return named[c] ?? `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  });
  return `"${escaped}"`;
}
