// Price overrides are checked against what Quaderno answers: whichever way an account reads a
// request item's amount, a €5.00 override becomes a €5.00 link or no open link at all.
import { describe, expect, it } from 'vitest';
import { valueOf } from '../../../main/commands/output';
import { reproxy } from './reprice-proxy';
import { failure, ONE_SESSION, SESSIONS, useLinksWorld, type LinksWorld } from './helpers';

const FIVE_EUROS = 500;

async function sandboxSessions(w: LinksWorld) {
  const auth = `Basic ${Buffer.from(`${w.sandbox.apiKey}:x`).toString('base64')}`;
  const res = await fetch(`${w.sandbox.apiUrl}checkout/sessions.json?limit=100`, {
    headers: { Authorization: auth },
  });
  return (await res.json()) as Array<{
    id: number;
    status: string;
    items: Array<{ product: string; amount: number }>;
  }>;
}

function override(w: LinksWorld, email = 'jane@example.com') {
  const product = w.product('EUR');
  return {
    customer: { email },
    items: [{ product: product.code, quantity: 2, unitAmount: FIVE_EUROS, currency: 'EUR' }],
  };
}

/** A plain link to a EUR product for Jane, then an edit asking €5.00 for it: what it answered. */
async function overrideByEdit(w: LinksWorld) {
  const product = w.product('EUR');
  const { link } = await w.cc.invoke('links.create', {
    customer: { email: 'jane@example.com' },
    items: [{ product: product.code }],
  });
  const edit = await w.cc.call('links.update', {
    id: link.id,
    items: [{ product: product.code, unitAmount: FIVE_EUROS, currency: 'EUR' }],
  });
  return { product, link, edit };
}

describe.each(['minor', 'major'] as const)(
  'a sandbox reading request amounts in %s units',
  (mode) => {
    const world = useLinksWorld({ sandbox: { requestAmountUnits: mode } });

    it('turns a €5.00 override into a €5.00 link and leaves no other open session', async () => {
      const w = world();
      const { link } = await w.cc.invoke('links.create', override(w));
      expect(link).toMatchObject({ status: 'pending', total: 2 * FIVE_EUROS });
      expect(link.items[0]?.unitAmount).toBe(FIVE_EUROS);
      const open = (await sandboxSessions(w)).filter((s) => s.status === 'pending');
      expect(open.map((s) => [s.id, s.items[0]?.amount])).toEqual([[link.id, FIVE_EUROS]]);
    });

    it('remembers how this account reads amounts, even after a restart', async () => {
      const w = world();
      await w.cc.invoke('links.create', override(w, 'first@example.com'));
      await w.reopen();
      const before = w.calls('POST', SESSIONS);
      const { link } = await w.cc.invoke('links.create', override(w, 'second@example.com'));
      expect(link.total).toBe(2 * FIVE_EUROS);
      expect(w.calls('POST', SESSIONS) - before).toBe(1);
      expect(w.calls('DELETE', ONE_SESSION)).toBe(mode === 'major' ? 1 : 0);
      const log = await w.cc.invoke('activity.list', { kind: 'log' });
      const learned = log.items.filter((i) => i.kind === 'log' && i.logKind === 'price_units');
      expect(learned.map((i) => i.message)).toEqual(
        mode === 'major'
          ? [expect.stringMatching(/as a decimal unit price \(5\.00 for €5\.00\)/)]
          : [],
      );
    });

    it('edits a link to a €5.00 override and the link costs €5.00', async () => {
      const w = world();
      const { link, edit } = await overrideByEdit(w);
      expect(valueOf(edit).link).toMatchObject({
        id: link.id,
        status: 'pending',
        total: FIVE_EUROS,
      });
      const remote = (await sandboxSessions(w)).find((s) => s.id === link.id);
      expect(remote).toMatchObject({ status: 'pending', items: [{ amount: FIVE_EUROS }] });
    });
  },
);

describe('a server that prices overrides some third way (ten times what was sent)', () => {
  const world = useLinksWorld({ front: (sandbox) => reproxy(sandbox.origin, 10) });

  it('deletes the new session and says what Quaderno charged instead', async () => {
    const w = world();
    const error = failure(await w.cc.call('links.create', override(w)));
    expect(error.code).toBe('bad_response');
    expect(error.message).toContain(
      `Quaderno priced ${w.product('EUR').name} at €50.00 instead of €5.00; the link was deleted.`,
    );
    expect((await sandboxSessions(w)).filter((s) => s.status === 'pending')).toEqual([]);
    const local = await w.cc.invoke('links.list', {});
    expect(local.items.filter((l) => l.status === 'pending')).toEqual([]);
  });

  it('puts back the previous items when an edit comes back with another price', async () => {
    const w = world();
    const { product, link, edit } = await overrideByEdit(w);
    const error = failure(edit);
    expect(error.message).toContain(
      `Quaderno priced ${product.name} at €50.00 instead of €5.00; link ${link.id} keeps its previous items`,
    );
    const remote = (await sandboxSessions(w)).find((s) => s.id === link.id);
    expect(remote).toMatchObject({ status: 'pending', items: [{ amount: product.unitAmount }] });
    const stored = await w.cc.invoke('links.get', { id: link.id });
    expect(stored.link.total).toBe(product.unitAmount);
  });
});

describe('a server that prices overrides ten times, for an edit that also changes the customer', () => {
  const world = useLinksWorld({ front: (sandbox) => reproxy(sandbox.origin, 10) });

  it('keeps the new customer with the previous items, so the link is reused for that customer only', async () => {
    const w = world();
    const product = w.product('EUR');
    const plain = (email: string) => ({ customer: { email }, items: [{ product: product.code }] });
    const { link } = await w.cc.invoke('links.create', plain('jane@example.com'));
    const edit = await w.cc.call('links.update', {
      id: link.id,
      customer: { email: 'bob@example.com' },
      items: [{ product: product.code, unitAmount: FIVE_EUROS, currency: 'EUR' }],
    });
    expect(failure(edit).message).toContain(`link ${link.id} keeps its previous items`);

    // Jane's purchase is no longer this link (it is Bob's now): she gets a link of her own.
    const jane = await w.cc.invoke('links.create', plain('jane@example.com'));
    expect(jane.link.id).not.toBe(link.id);
    expect(jane.link.customer.email).toBe('jane@example.com');
    const bob = await w.cc.invoke('links.create', plain('bob@example.com'));
    expect(bob).toMatchObject({ reused: true, link: { id: link.id } });
  });
});

describe('a server that prices edits ten times what was sent, restores included', () => {
  const world = useLinksWorld({ front: (sandbox) => reproxy(sandbox.origin, 10, ['PUT']) });

  it('deletes the link when its previous price cannot be put back either', async () => {
    const w = world();
    const product = w.product('EUR');
    const { link } = await w.cc.invoke('links.create', override(w));
    const error = failure(
      await w.cc.call('links.update', {
        id: link.id,
        items: [{ product: product.code, unitAmount: 600, currency: 'EUR' }],
      }),
    );
    expect(error.message).toContain(
      `Quaderno priced ${product.name} at €60.00 instead of €6.00; link ${link.id} was deleted because its previous price could not be put back.`,
    );
    expect((await sandboxSessions(w)).filter((s) => s.status === 'pending')).toEqual([]);
    const stored = await w.cc.invoke('links.get', { id: link.id });
    expect(stored.link.status).toBe('deleted');
  });
});

describe('reusing an open link', () => {
  const world = useLinksWorld();

  it('never hands out a pending link whose price changed in Quaderno: it is deleted and remade', async () => {
    const w = world();
    const first = await w.cc.invoke('links.create', override(w));
    const auth = `Basic ${Buffer.from(`${w.sandbox.apiKey}:x`).toString('base64')}`;
    const product = w.product('EUR');
    const put = await fetch(`${w.sandbox.apiUrl}checkout/sessions/${first.link.id}.json`, {
      method: 'PUT',
      headers: { Authorization: auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ items: [{ product: product.code, quantity: 2, amount: 5000 }] }),
    });
    expect(put.status).toBe(200);
    const again = await w.cc.invoke('links.create', override(w));
    expect(again.reused).toBe(false);
    expect(again.link.id).not.toBe(first.link.id);
    const open = (await sandboxSessions(w)).filter((s) => s.status === 'pending');
    expect(open.map((s) => [s.id, s.items[0]?.amount])).toEqual([[again.link.id, FIVE_EUROS]]);
  });
});
