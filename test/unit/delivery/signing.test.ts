import { describe, expect, it } from 'vitest';
import { signDelivery } from '../../../main/delivery/signing';
import { opensslHmac } from '../../support/openssl-hmac';

describe('signDelivery', () => {
  const secret = 'whsec_0123456789abcdef';
  const body = '{"type":"sale.delivery","sale":{"id":7,"customerName":"Zoë"}}';

  it('signs "<t>.<raw body>" with HMAC-SHA256 as an outsider computes it (openssl)', () => {
    expect(signDelivery(secret, body, 1_700_000_000)).toBe(
      `t=1700000000,v1=${opensslHmac(secret, `1700000000.${body}`, 'hex', 'sha256')}`,
    );
  });

  it('signs whole seconds, so the t a receiver reads is the t that was signed', () => {
    expect(signDelivery(secret, body, 1_700_000_000.987)).toBe(
      signDelivery(secret, body, 1_700_000_000),
    );
  });

  it('changes with the body, the time and the secret', () => {
    const base = signDelivery(secret, body, 1_700_000_000);
    expect(signDelivery(secret, `${body} `, 1_700_000_000)).not.toBe(base);
    expect(signDelivery(secret, body, 1_700_000_001).split(',v1=')[1]).not.toBe(
      base.split(',v1=')[1],
    );
    expect(signDelivery(`${secret}x`, body, 1_700_000_000)).not.toBe(base);
  });
});
