import { describe, expect, it } from 'vitest';
import { describeEachProfile } from '../../support/sandbox-profiles';
import { call, control, sandbox, sink, URLS, type SessionJson } from './helpers';

describeEachProfile('a sale through the sandbox', (profile) => {
  it('creates a session, takes the payment and reports checkout.succeeded naming the session', async () => {
    const sb = await sandbox({ profile });
    const receiver = await sink();
    await call(sb, 'POST', 'webhooks', {
      url: receiver.url(),
      events_types: ['checkout.succeeded'],
    });
    const [item] = (await call(sb, 'GET', 'items')).body as Array<{ code: string }>;
    const created = await call(sb, 'POST', 'checkout/sessions', {
      items: [{ product: item?.code }],
      ...URLS,
    });
    const session = created.body as SessionJson;
    expect(created.status).toBe(201);
    await control(sb, 'POST', `/__sandbox/checkout/sessions/${session.id}/complete`);
    const [delivery] = await receiver.waitFor(1);
    const body = JSON.parse(delivery?.body ?? '{}') as {
      data: { object: { transaction_details: { session: number } } };
    };
    expect(body.data.object.transaction_details.session).toBe(session.id);
    expect(sb.profile).toBe(profile);
  });
});

describe('the documented profile', () => {
  it('never abandons or removes a session by itself, however far its clock moves', async () => {
    const sb = await sandbox({ profile: 'documented', abandonAfterMs: 10 });
    const [item] = (await call(sb, 'GET', 'items')).body as Array<{ code: string }>;
    const s = (
      await call(sb, 'POST', 'checkout/sessions', { items: [{ product: item?.code }], ...URLS })
    ).body as SessionJson;
    sb.advanceClock(8 * 24 * 60 * 60_000);
    const after = await call(sb, 'GET', `checkout/sessions/${s.id}`);
    expect(after.status).toBe(200);
    expect((after.body as SessionJson).status).toBe('pending');
  });
});
