// A body's size bounds what checking its signature may cost. Rendering Ruby's sorted params for
// a 1 MB body took ~300 ms of the event loop per delivery, so that scheme is tried only for
// bodies a real event could be (a few KiB; at most 64 KiB); the others cost one HMAC pass.
import { describe, expect, it } from 'vitest';
import { signDelivery, type SignatureScheme } from '../../../main/sandbox/signing';
import { useTempDir } from '../../support/temp-dir';
import { send, startRig, succeededBody, type Rig } from './helpers';
import { z } from 'zod';

const tmp = useTempDir('cc-receiver-large-');

/** A checkout event padded with a note to about `bytes` bytes. */
function paddedBody(session: number, bytes: number): string {
  const event = z.record(z.string(), z.unknown()).parse(JSON.parse(succeededBody({ session })));
  return JSON.stringify({ ...event, note: 'x'.repeat(bytes) });
}

function signedWith(rig: Rig, scheme: SignatureScheme, body: string) {
  return send(rig.url, {
    headers: {
      'Content-Type': 'application/json',
      'X-Quaderno-Signature': signDelivery(scheme, rig.authKey, rig.url, body),
    },
    body,
  });
}

describe('receiver signature checks on large bodies', () => {
  it('verifies a sorted-params signature on a typical body but not on one past 64 KiB, storing both', async () => {
    const rig = await startRig(tmp);
    const small = await signedWith(rig, 'sorted_params', paddedBody(4101, 2_000));
    const large = await signedWith(rig, 'sorted_params', paddedBody(4102, 70 * 1024));
    expect([small.status, large.status]).toEqual([200, 200]);
    expect(JSON.parse(small.body)).toEqual({ received: true, duplicate: false });
    expect(JSON.parse(large.body)).toEqual({ received: true, verified: false });
    expect(rig.store.events.count(rig.accountId, 'valid')).toBe(1);
    expect(rig.store.events.count(rig.accountId, 'invalid')).toBe(1);
  });

  it('still verifies a body of almost 1 MiB signed with the documented or the Ruby snippet scheme', async () => {
    const rig = await startRig(tmp);
    const documented = await signedWith(rig, 'documented', paddedBody(4103, 1_000_000));
    const snippet = await signedWith(rig, 'ruby_snippet', paddedBody(4104, 1_000_000));
    expect(JSON.parse(documented.body)).toEqual({ received: true, duplicate: false });
    expect(JSON.parse(snippet.body)).toEqual({ received: true, duplicate: false });
    expect(rig.store.events.count(rig.accountId, 'valid')).toBe(2);
  });
});
