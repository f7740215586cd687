// X-Quaderno-Signature: the docs' prose says base64(HMAC-SHA1(auth_key, url as registered + raw
// body)), but real deliveries are reported not to match it, so every candidate scheme in
// docs/quaderno-api.md (Signatures) is tried. The URL is byte-significant: query string included,
// trailing slash matters.
import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';

export interface SigningTarget {
  url: string;
  authKey: string;
}

export const SIGNATURE_SCHEMES = ['documented', 'ruby_snippet', 'sorted_params'] as const;
export type SignatureScheme = (typeof SIGNATURE_SCHEMES)[number];

export type SignatureCheck =
  | { ok: true; url: string; scheme: SignatureScheme }
  | { ok: false; reason: string; tried: string[] };

/** What a delivery offers to sign over, beyond its raw bytes. */
export interface SignedMessage {
  raw: Buffer;
  /**
   * `params.sort.flatten.join` in each Hash#inspect rendering (null: the body has no params
   * hash, so the scheme cannot apply, or is too large to render: decode.ts). Asked only when
   * the other schemes failed.
   */
  sortedParams(): string[] | null;
}

// A string key is turned into bytes and a key handle by every createHmac; an account has one
// auth key (two for a while after a rotation), so its KeyObject is made once. The same bytes
// (a string key is read as UTF-8): the same digest. Emptied rather than grown past a few.
const KEYS_KEPT = 32;
const secretKeys = new Map<string, KeyObject>();

function secretKey(authKey: string): KeyObject {
  let key = secretKeys.get(authKey);
  if (key === undefined) {
    if (secretKeys.size >= KEYS_KEPT) secretKeys.clear();
    key = createSecretKey(Buffer.from(authKey, 'utf8'));
    secretKeys.set(authKey, key);
  }
  return key;
}

/** The documented scheme (the prose). */
export function signWebhook(authKey: string, url: string, body: Buffer | string): string {
  return createHmac('sha1', secretKey(authKey)).update(url).update(body).digest('base64');
}

/**
 * The docs' Ruby snippet taken literally: Base64.encode64(OpenSSL::HMAC.hexdigest('sha1',
 * url + body, auth_key)) — the hex digest, key and message swapped. encode64's newlines (one
 * every 60 characters and one at the end) are dropped, as compare() drops them from the header.
 */
export function signRubySnippet(authKey: string, url: string, body: Buffer | string): string {
  const key = Buffer.concat([Buffer.from(url, 'utf8'), Buffer.from(body)]);
  const hex = createHmac('sha1', key).update(authKey).digest('hex');
  return Buffer.from(hex, 'utf8').toString('base64');
}

/** The sorted-parameters scheme: base64(HMAC-SHA1(auth_key, url + params.sort.flatten.join)). */
export function signSortedParams(authKey: string, url: string, rendered: string): string {
  return createHmac('sha1', secretKey(authKey)).update(url).update(rendered).digest('base64');
}

/** Header value as comparable text: Base64.encode64 puts newlines in, proxies fold whitespace. */
export function normalizeSignature(value: string): string {
  // Most headers hold neither: the test is cheaper than a replace that finds nothing.
  return /\\n|\s/.test(value) ? value.replace(/\\n|\s+/g, '') : value;
}

function sameSignature(given: Buffer, expected: string): boolean {
  const b = Buffer.from(expected, 'utf8');
  // timingSafeEqual needs equal lengths; a length mismatch reveals only the length of a
  // public-format value.
  return given.length === b.length && timingSafeEqual(given, b);
}

/** Each scheme first, then the others in their documented order (built once, not per call). */
const orderFrom = (first: SignatureScheme): readonly SignatureScheme[] => [
  first,
  ...SIGNATURE_SCHEMES.filter((s) => s !== first),
];
const SCHEME_ORDER: Record<SignatureScheme, readonly SignatureScheme[]> = {
  documented: orderFrom('documented'),
  ruby_snippet: orderFrom('ruby_snippet'),
  sorted_params: orderFrom('sorted_params'),
};

/** Values of a repeated X-Quaderno-Signature header compared at most. */
const MAX_SIGNATURE_VALUES = 4;

const prefix = (s: string): string => (s.length > 8 ? `${s.slice(0, 8)}…` : s);

function expectedFor(
  scheme: SignatureScheme,
  t: SigningTarget,
  message: SignedMessage,
  rendered: () => string[] | null,
): string[] {
  if (scheme === 'documented') return [signWebhook(t.authKey, t.url, message.raw)];
  if (scheme === 'ruby_snippet') return [signRubySnippet(t.authKey, t.url, message.raw)];
  return (rendered() ?? []).map((r) => signSortedParams(t.authKey, t.url, r));
}

/**
 * Checks the signature against every candidate scheme × every URL this account's webhook is
 * (or was recently) registered with; `preferred` (the scheme that matched last) is tried first,
 * so the usual delivery costs one HMAC per URL.
 */
export function verifySignature(
  given: string | undefined,
  message: SignedMessage | Buffer,
  targets: SigningTarget[],
  preferred: SignatureScheme = 'documented',
): SignatureCheck {
  const msg: SignedMessage = Buffer.isBuffer(message)
    ? { raw: message, sortedParams: () => null }
    : message;
  // Only a failure reports the URLs tried: a verified delivery builds no list.
  const failed = (reason: string): SignatureCheck => ({
    ok: false,
    tried: targets.map((t) => t.url),
    reason,
  });
  if (targets.length === 0) return failed('No webhook is registered for this address yet.');
  if (!given) return failed('The request had no X-Quaderno-Signature header.');
  // A header sent twice reaches us joined with ", " (Node joins repeated headers); base64 has no
  // comma, so each value is its own candidate. A few at most: a header is not a list to search.
  const haves = given
    .split(',', MAX_SIGNATURE_VALUES)
    .map((v) => normalizeSignature(v))
    .filter((v) => v !== '')
    .map((v) => Buffer.from(v, 'utf8'));
  let rendered: string[] | null | undefined;
  const renderedOnce = () => (rendered === undefined ? (rendered = msg.sortedParams()) : rendered);
  for (const scheme of SCHEME_ORDER[preferred]) {
    // Every URL is compared (no early exit inside a scheme), so timing does not tell which
    // registration matched; which scheme matched is no secret (the console shows it).
    let match: string | null = null;
    for (const t of targets) {
      for (const sig of expectedFor(scheme, t, msg, renderedOnce)) {
        for (const have of haves) {
          if (sameSignature(have, sig) && match === null) match = t.url;
        }
      }
    }
    if (match !== null) return { ok: true, url: match, scheme };
  }
  // The reason is stored and shown: it names what was given, never what was expected (a piece
  // of the right signature for this body would help its sender forge the next one).
  const urls = targets.map((t) => t.url).join(', ');
  return failed(`Signature ${prefix(given)} matched no known scheme for: ${urls}.`);
}
