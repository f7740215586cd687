import { execFileSync } from 'node:child_process';
import { createHmac, randomBytes, randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signSortedParams, signWebhook, verifySignature } from '../../../main/receiver';

/** The signature as an outsider computes it: OpenSSL, not our code. */
function openssl(key: string, message: string): string {
  return execFileSync('sh', ['-c', 'openssl dgst -sha1 -hmac "$KEY" -binary | base64'], {
    input: message,
    env: { ...process.env, KEY: key },
  })
    .toString()
    .trim();
}

const key = 'k9Xq2_Zr-4TbN8wLm0PaQe';
const body = '{"event_type":"checkout.succeeded","data":{"object":{"amount":"21.00 €"}}}';
const urls = [
  'https://shop.example.loca.lt/hooks/abc',
  'https://shop.example.loca.lt/hooks/abc/',
  'https://shop.example.loca.lt/hooks/abc?account=acme&x=1',
  'https://shop.example.loca.lt/hooks/abc/?account=acme',
  'http://127.0.0.1:4567/hooks/abcdefghijklmnop',
];

describe('webhook signatures', () => {
  it.each(urls)('match OpenSSL for %s', (url) => {
    expect(signWebhook(key, url, body)).toBe(openssl(key, url + body));
    expect(signWebhook(key, url, Buffer.from(body))).toBe(openssl(key, url + body));
  });

  it('treat a trailing slash and the query string as part of the signed message', () => {
    const signed = openssl(key, urls[0] + body);
    for (const other of urls.slice(1)) {
      expect(verifySignature(signed, Buffer.from(body), [{ url: other, authKey: key }]).ok).toBe(
        false,
      );
    }
    expect(verifySignature(signed, Buffer.from(body), [{ url: urls[0]!, authKey: key }])).toEqual({
      ok: true,
      url: urls[0],
      scheme: 'documented',
    });
  });

  it('accept a signature made for any of the current and recently replaced URLs', () => {
    const old = { url: urls[0]!, authKey: 'old-key-old-key-old-ke' };
    const current = { url: urls[2]!, authKey: key };
    const signed = openssl(old.authKey, old.url + body);
    expect(verifySignature(signed, Buffer.from(body), [current, old])).toEqual({
      ok: true,
      url: old.url,
      scheme: 'documented',
    });
  });

  it('explain a mismatch with the URLs tried, never with any part of the right signature', () => {
    // The reason is stored and shown (Activity detail): a prefix of the signature the body
    // should have had would help whoever sent it forge the next one.
    const target = { url: urls[2]!, authKey: key };
    const check = verifySignature('AAAAAAAAAAAAAAAAAAAAAAAAAAA=', Buffer.from(body), [target]);
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.tried).toEqual([target.url]);
    expect(check.reason).toContain(target.url);
    expect(check.reason).toContain('AAAAAAAA');
    const right = openssl(key, target.url + body);
    for (let i = 0; i + 4 <= right.length; i++) {
      expect(check.reason).not.toContain(right.slice(i, i + 4));
    }
  });

  it('refuse a missing signature, a body changed by one byte, and an account with no webhook', () => {
    const target = { url: urls[0]!, authKey: key };
    const signed = openssl(key, urls[0] + body);
    expect(verifySignature(undefined, Buffer.from(body), [target]).ok).toBe(false);
    expect(verifySignature(signed, Buffer.from(body + ' '), [target]).ok).toBe(false);
    expect(verifySignature(signed, Buffer.from(body), []).ok).toBe(false);
  });

  it('sign with each of many auth keys as createHmac does with the key as text, in any order', () => {
    // Kept keys are reused and the store of them emptied past a few: more keys than that, each
    // signed with three times, in another order each time; non-ASCII, long and empty keys too.
    const alphabet = 'aZ09-_ üé€😀\u0000';
    const keys = Array.from({ length: 100 }, (_, i) =>
      i % 3 === 0
        ? randomBytes(randomInt(1, 100)).toString('base64url')
        : Array.from({ length: randomInt(0, 80) }, () => alphabet[randomInt(alphabet.length)]).join(
            '',
          ),
    );
    const uses = [...keys, ...[...keys].reverse(), ...keys];
    for (const k of uses) {
      const url = urls[randomInt(urls.length)]!;
      const message = randomBytes(randomInt(0, 2000));
      const expected = createHmac('sha1', k).update(url).update(message).digest('base64');
      expect(signWebhook(k, url, message)).toBe(expected);
      const rendered = message.toString('latin1');
      const sorted = createHmac('sha1', k).update(url).update(rendered).digest('base64');
      expect(signSortedParams(k, url, rendered)).toBe(sorted);
      expect(verifySignature(expected, message, [{ url, authKey: k }]).ok).toBe(true);
    }
  });
});
