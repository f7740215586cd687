// X-Quaderno-Signature = base64(HMAC-SHA1(auth_key, url as registered + raw body)) — see
// quaderno-api.md. The URL is byte-significant: query string included, trailing slash matters.
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface SigningTarget {
  url: string;
  authKey: string;
}

export type SignatureCheck =
  { ok: true; url: string } | { ok: false; reason: string; tried: string[] };

export function signWebhook(authKey: string, url: string, body: Buffer | string): string {
  return createHmac('sha1', authKey).update(url).update(body).digest('base64');
}

function sameSignature(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  // timingSafeEqual needs equal lengths; a length mismatch reveals only the length of a
  // public-format value (always 28 base64 chars for SHA-1).
  return a.length === b.length && timingSafeEqual(a, b);
}

const prefix = (s: string): string => (s.length > 8 ? `${s.slice(0, 8)}…` : s);

/** Checks the signature against every URL this account's webhook is (or was recently) registered with. */
export function verifySignature(
  given: string | undefined,
  body: Buffer,
  targets: SigningTarget[],
): SignatureCheck {
  const tried = targets.map((t) => t.url);
  if (targets.length === 0) {
    return { ok: false, tried, reason: 'No webhook is registered for this address yet.' };
  }
  if (!given) {
    return { ok: false, tried, reason: 'The request had no X-Quaderno-Signature header.' };
  }
  const expected = targets.map((t) => ({ url: t.url, sig: signWebhook(t.authKey, t.url, body) }));
  // Compare against every target (no early exit) so timing does not reveal which one matched.
  let match: string | null = null;
  for (const e of expected) if (sameSignature(given.trim(), e.sig) && match === null) match = e.url;
  if (match !== null) return { ok: true, url: match };
  const detail = expected.map((e) => `${e.url} (expected ${prefix(e.sig)})`).join(', ');
  return {
    ok: false,
    tried,
    reason: `Signature ${prefix(given)} matched none of: ${detail}.`,
  };
}
