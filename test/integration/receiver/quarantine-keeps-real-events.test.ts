// Review R6 H1: junk posted to the hook URL must not push out an unverifiable delivery that
// reads as a Quaderno event (answered 200, so Quaderno never sends it again).
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../support/temp-dir';
import { send, startRig } from './helpers';

const tmp = useTempDir('cc-receiver-quarantine-real-');

const unsigned = (url: string, body: string) =>
  send(url, { headers: { 'Content-Type': 'application/json' }, body });

const abandoned = JSON.stringify({
  event_type: 'checkout.abandoned',
  data: {
    object: {
      transaction_details: { session: 4242, email: 'jane@example.com', plan: null },
      contact: { first_name: 'Jane', last_name: 'Doe', email: 'jane@example.com' },
    },
  },
});

describe('quarantine under junk traffic', () => {
  it('keeps an unverifiable checkout event while junk past the junk limit is trimmed', async () => {
    const rig = await startRig(tmp, { limits: { quarantineEvents: 5 } });
    const real = await send(rig.url, {
      headers: { 'Content-Type': 'application/json', 'X-Quaderno-Signature': 'not-a-match' },
      body: abandoned,
    });
    expect(real.status).toBe(200);
    for (let k = 0; k < 12; k += 1) {
      expect((await unsigned(rig.url, JSON.stringify({ junk: k }))).status).toBe(200);
    }
    expect((await unsigned(rig.url, 'not json at all')).status).toBe(200);
    const kept = rig.store.events.list(rig.accountId, {
      limit: 50,
      offset: 0,
      verification: 'invalid',
    }).items;
    expect(kept.filter((e) => e.body === abandoned)).toHaveLength(1);
    // The junk stays within its own limit.
    expect(kept.filter((e) => e.body !== abandoned)).toHaveLength(5);
  });
});
