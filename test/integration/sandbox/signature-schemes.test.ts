// startSandbox({ signatureScheme }) signs deliveries the way each candidate in
// docs/quaderno-api.md (Signatures) describes, checked here with OpenSSL rather than our code.
import { describe, expect, it } from 'vitest';
import { sortedParamsFromJson } from '../../../main/receiver';
import type { SignatureScheme } from '../../../main/sandbox';
import { opensslHmac as openssl } from '../../support/openssl-hmac';
import { call, control, createSession, sandbox, sink } from './helpers';

async function signedDelivery(scheme: SignatureScheme) {
  const sb = await sandbox({ signatureScheme: scheme });
  const receiver = await sink();
  const url = receiver.url('/hooks/quaderno?account=7');
  const created = await call(sb, 'POST', 'webhooks', {
    url,
    events_types: ['checkout.succeeded'],
  });
  const authKey = (created.body as { auth_key: string }).auth_key;
  const session = await createSession(sb, {
    customer: { email: 'ada@example.com', first_name: 'Ada "#{x}"' },
  });
  await control(sb, 'POST', `/__sandbox/checkout/sessions/${session.id}/complete`);
  const [delivery] = await receiver.waitFor(1);
  return {
    url,
    authKey,
    body: delivery?.body ?? '',
    signature: String(delivery?.headers['x-quaderno-signature']),
  };
}

describe('sandbox signature schemes', () => {
  it('signs the documented way by default', async () => {
    const d = await signedDelivery('documented');
    expect(d.signature).toBe(openssl(d.authKey, d.url + d.body, 'base64'));
  });

  it("signs like the docs' Ruby snippet taken literally: hex HMAC keyed by url + body over the auth key, base64", async () => {
    const d = await signedDelivery('ruby_snippet');
    const hex = openssl(d.url + d.body, d.authKey, 'hex');
    expect(d.signature).toBe(Buffer.from(hex).toString('base64'));
  });

  it('signs url + the sorted parameters as Ruby renders them', async () => {
    const d = await signedDelivery('sorted_params');
    // The receiver's renderer, written apart from the sandbox's: the two must agree.
    const rendered = sortedParamsFromJson(d.body)?.classic ?? '';
    expect(rendered).toContain('first_name"=>"Ada \\"\\#{x}\\""');
    expect(d.signature).toBe(openssl(d.authKey, d.url + rendered, 'base64'));
  });

  it('signs with a scheme no candidate matches when asked for an unknown one', async () => {
    const d = await signedDelivery('unknown');
    expect(d.signature).toBe(openssl(d.authKey, d.url + d.body, 'base64', 'sha256'));
  });
});
