import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../support/temp-dir';
import { deliver, eventually, startRig, succeededBody } from './helpers';

const tmp = useTempDir('cc-receiver-one-bad-');

describe('one bad delivery among many', () => {
  it('stores twenty valid neighbours of a session id the store cannot hold, and that one without its session', async () => {
    const rig = await startRig(tmp);
    const bad = JSON.parse(succeededBody({ transaction: 'pi_huge' }));
    bad.data.object.transaction_details.session = '99999999999999999999';
    const sessions = Array.from({ length: 20 }, (_, i) => 1200 + i);
    const answers = await Promise.all([
      ...sessions.map((session) => deliver(rig, succeededBody({ session }))),
      deliver(rig, JSON.stringify(bad)),
    ]);
    expect(answers.map((a) => a.status)).toEqual(Array(21).fill(200));
    const fulfilments = rig.store.fulfillments;
    await eventually(() => sessions.every((s) => fulfilments.bySession(rig.accountId, s)));
    const events = rig.store.events;
    const stored = await eventually(() =>
      events
        .list(rig.accountId, { limit: 30, offset: 0 })
        .items.find((e) => e.body.includes('99999999999999999999') && e.processedAt),
    );
    expect(stored.sessionId).toBeNull();
    expect(stored.processError).toMatch(/session/);
  });
});
