// A delivery's bytes decide how it is read, not its Content-Type (main/receiver/decode.ts): a
// form-encoded event (Quaderno in 2015, quaderno-api issue #4) labelled as JSON, or not labelled
// at all, was stored as junk without its signature ever being checked, so it never became a sale.
import { describe, expect, it } from 'vitest';
import { signWebhook } from '../../../main/receiver';
import { eventually, send, startRig } from './helpers';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir('cc-receiver-form-type-');

const formSale = (session: number) =>
  [
    'event_type=checkout.succeeded',
    'account_id=77',
    `data[object][transaction_details][session]=${session}`,
    'data[object][transaction_details][amount_cents]=1210',
    'data[object][transaction_details][currency]=EUR',
    'data[object][transaction_details][email]=ana%40example.com',
    'data[object][contact][first_name]=Ana',
  ].join('&');

describe('a form-encoded delivery whatever its Content-Type says', () => {
  for (const [label, type] of [
    ['labelled as JSON', 'application/json'],
    ['with no Content-Type', undefined],
  ] as const) {
    it(`is verified and becomes a sale when ${label}`, async () => {
      const rig = await startRig(tmp);
      const session = type === undefined ? 4301 : 4302;
      const body = formSale(session);
      const headers: Record<string, string> = {
        'X-Quaderno-Signature': signWebhook(rig.authKey, rig.url, body),
      };
      if (type !== undefined) headers['Content-Type'] = type;
      const answer = await send(rig.url, { headers, body });
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toEqual({ received: true, duplicate: false });
      const sale = await eventually(() => rig.store.fulfillments.bySession(rig.accountId, session));
      expect(sale).toMatchObject({
        amount: 1210,
        currency: 'EUR',
        customerEmail: 'ana@example.com',
      });
    });
  }

  it('still stores a body that is neither JSON nor a form event as unreadable', async () => {
    const rig = await startRig(tmp);
    const answer = await send(rig.url, {
      headers: { 'Content-Type': 'application/json' },
      body: 'name=Ana&note=hello',
    });
    expect(answer.status).toBe(200);
    const [row] = rig.store.events.list(rig.accountId, { limit: 5, offset: 0 }).items;
    expect(row).toMatchObject({ verification: 'invalid', eventType: null });
    expect(row?.reason).toBe('The body is not a JSON object.');
  });
});
