// checkout.failed / checkout.abandoned as Quaderno really sends them carry no session id, only
// the customer's contact and the product's description (docs/quaderno-api.md, Events). The
// receiver matches them to the account's open links by email (and product when several match),
// re-reads those from the API (one GET each, five at most) and updates them.
import { afterEach, describe, expect, it } from 'vitest';
import { normalizeSession } from '../../../main/quaderno/normalize';
import { startSandbox, type Sandbox } from '../../../main/sandbox';
import { control, fastClient } from '../sync/helpers';
import { useTempDir } from '../../support/temp-dir';
import { deliver, eventually, startRig, type Rig } from './helpers';

const tmp = useTempDir('cc-no-session-');
let sb: Sandbox | undefined;
afterEach(async () => {
  await sb?.close();
  sb = undefined;
});

async function setup(): Promise<{
  api: Sandbox;
  rig: Rig;
  products: Array<{ code: string; name: string }>;
}> {
  const api = (sb = await startSandbox({ rateLimit: { limit: 100_000, windowMs: 1000 } }));
  const client = fastClient(api);
  const rig = await startRig(tmp, {
    confirm: async (_account, id) => normalizeSession(await client.getSession(id)),
  });
  const items = await client.listItems();
  const products = items
    .filter((i) => i.code && i.name && i.currency === 'EUR')
    .map((i) => ({ code: i.code as string, name: i.name as string }));
  return { api, rig, products };
}

/** A link the console made: created in Quaderno and stored as the console stores it. */
async function openLink(api: Sandbox, rig: Rig, email: string, code: string): Promise<number> {
  const s = await fastClient(api).createSession({
    items: [{ product: code }],
    success_url: 'https://example.com/ok',
    cancel_url: 'https://example.com/no',
    customer: { email, first_name: 'Jane', last_name: 'Doe' },
  });
  rig.store.sessions.upsert(rig.accountId, normalizeSession(s), {
    origin: 'console',
  });
  return s.id;
}

const failedBody = (email: string, description: string) =>
  JSON.stringify({
    event_type: 'checkout.failed',
    account_id: 99999,
    data: {
      object: {
        message: { response_message: 'Insufficient funds', status_code: 422 },
        transaction_details: { gateway: 'stripe', type: 'charge', description },
        contact: { id: 547540, kind: 'person', first_name: 'Jane ', last_name: 'Doe', email },
      },
    },
  });

const abandonedBody = (email: string, description: string) =>
  JSON.stringify({
    event_type: 'checkout.abandoned',
    account_id: 99999,
    data: {
      object: {
        transaction_details: { description, plan: 'awesome' },
        contact: { first_name: 'Jane ', last_name: 'Doe', city: null, country: 'GB', email },
      },
    },
  });

const reads = (api: Sandbox, id: number) =>
  api
    .requestLog()
    .filter(
      (r) => r.method === 'GET' && new RegExp(`/checkout/sessions/${id}(\\.json)?$`).test(r.path),
    ).length;

const status = (rig: Rig, id: number) => rig.store.sessions.get(rig.accountId, id)?.status;

const lines = (rig: Rig, kind: string) =>
  rig.store.activity
    .list(rig.accountId, { limit: 100, offset: 0 })
    .items.filter((a) => a.kind === kind);
const messages = (rig: Rig, kind: string) => lines(rig, kind).map((a) => a.message);
/** Which links the line says the event matched (kept in its detail, not its sentence). */
const matchedLinks = (rig: Rig, kind: string) =>
  lines(rig, kind).map((a) => ({ sessionIds: a.detail.sessionIds, matched: a.detail.matched }));

describe('checkout events without a session id', () => {
  it('moves the abandoned link Quaderno names by email to abandoned after one look-up', async () => {
    const { api, rig, products } = await setup();
    const id = await openLink(api, rig, 'jane@example.com', products[0]!.code);
    await control(api, `/__sandbox/checkout/sessions/${id}/abandon`);

    const body = abandonedBody('Jane@Example.com', products[0]!.name);
    expect((await deliver(rig, body)).status).toBe(200);

    await eventually(() => rig.sessionChanges.includes(id));
    expect(status(rig, id)).toBe('abandoned');
    expect(reads(api, id)).toBe(1);
    expect(messages(rig, 'checkout_abandoned')).toEqual([
      `Jane Doe left the checkout without paying — ${products[0]!.name}.`,
    ]);
    expect(matchedLinks(rig, 'checkout_abandoned')).toEqual([{ sessionIds: [id], matched: 1 }]);
    // In the merchant's words: the customer, not the session id or the event's type.
    expect(messages(rig, 'link_rechecked')).toEqual([
      'The link for Jane Doe is now abandoned: Quaderno confirmed the abandoned checkout.',
    ]);
  });

  it('picks the link for the failed product when the customer has several open, and marks it failed', async () => {
    const { api, rig, products } = await setup();
    const wanted = await openLink(api, rig, 'jane@example.com', products[0]!.code);
    const other = await openLink(api, rig, 'jane@example.com', products[1]!.code);

    expect((await deliver(rig, failedBody('jane@example.com', products[0]!.name))).status).toBe(
      200,
    );

    // Quaderno still shows a failed payment's session pending: the event decides, as it named
    // this one link alone.
    await eventually(() => rig.sessionChanges.includes(wanted));
    expect(status(rig, wanted)).toBe('failed');
    expect(status(rig, other)).toBe('pending');
    expect([reads(api, wanted), reads(api, other)]).toEqual([1, 0]);
    expect(messages(rig, 'checkout_failed')).toEqual([
      `Payment failed for Jane Doe — ${products[0]!.name}: Insufficient funds.`,
    ]);
    expect(matchedLinks(rig, 'checkout_failed')).toEqual([{ sessionIds: [wanted], matched: 1 }]);
  });

  it('logs an event that matches no open link and asks Quaderno nothing', async () => {
    const { api, rig, products } = await setup();
    await openLink(api, rig, 'jane@example.com', products[0]!.code);
    const before = api.requestLog().length;

    expect((await deliver(rig, failedBody('nobody@example.com', 'Unicorn'))).status).toBe(200);

    const [line] = await eventually(() => {
      const m = messages(rig, 'checkout_failed');
      return m.length > 0 ? m : undefined;
    });
    expect(line).toBe(
      'Payment failed for Jane Doe — Unicorn: Insufficient funds (no open link of theirs).',
    );
    expect(matchedLinks(rig, 'checkout_failed')).toEqual([{ sessionIds: [], matched: 0 }]);
    expect(api.requestLog().length).toBe(before);
  });

  it('re-reads five of seven matching links at most and leaves ambiguous ones as Quaderno shows them', async () => {
    const { api, rig, products } = await setup();
    const ids: number[] = [];
    for (let i = 0; i < 7; i += 1)
      ids.push(await openLink(api, rig, 'jane@example.com', products[0]!.code));

    expect((await deliver(rig, failedBody('jane@example.com', products[0]!.name))).status).toBe(
      200,
    );

    const newest = [...ids].reverse().slice(0, 5);
    await eventually(() => messages(rig, 'link_rechecked').length === 5);
    expect(ids.map((id) => reads(api, id))).toEqual([0, 0, 1, 1, 1, 1, 1]);
    expect(ids.map((id) => status(rig, id))).toEqual(Array(7).fill('pending'));
    expect(messages(rig, 'checkout_failed')[0]).toBe(
      `Payment failed for Jane Doe — ${products[0]!.name}: Insufficient funds (7 open links of theirs; the newest 5 are checked with Quaderno).`,
    );
    expect(matchedLinks(rig, 'checkout_failed')).toEqual([{ sessionIds: newest, matched: 7 }]);
  });
  it('follows Quaderno alone for an event whose signature does not match', async () => {
    const { api, rig, products } = await setup();
    const gone = await openLink(api, rig, 'jane@example.com', products[0]!.code);
    await control(api, `/__sandbox/checkout/sessions/${gone}/abandon`);
    const open = await openLink(api, rig, 'john@example.com', products[0]!.code);
    const forger = { url: rig.url, authKey: 'zzzzzzzzzzzzzzzzzzzzzz' };

    await deliver(forger, abandonedBody('jane@example.com', products[0]!.name));
    await deliver(forger, failedBody('john@example.com', products[0]!.name));

    await eventually(() => messages(rig, 'link_rechecked').length === 2);
    // Quaderno shows the first abandoned: updated. It shows the second still pending: the
    // unverified event's word alone changes nothing.
    expect(status(rig, gone)).toBe('abandoned');
    expect(status(rig, open)).toBe('pending');
    expect(messages(rig, 'checkout_abandoned')).toEqual([
      `Jane Doe left the checkout without paying — ${products[0]!.name} (signature not verified).`,
    ]);
    expect(matchedLinks(rig, 'checkout_abandoned')).toEqual([{ sessionIds: [gone], matched: 1 }]);
  });
});
