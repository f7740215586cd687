// Editing, cancelling and refusals: what the merchant sees when Quaderno or the form says no.
import { describe, expect, it } from 'vitest';
import type { LinkResult, MethodInput } from '../../../preload/contract';
import { failure, SESSIONS, useLinksWorld } from './helpers';
import { reproxy } from './reprice-proxy';

const world = useLinksWorld();

const request = (code: string, email = 'jane@example.com') => ({
  customer: { email, firstName: 'Jane' },
  items: [{ product: code }],
});

/** Sets what the console's catalogue knows of a product's currency. */
async function setCurrency(code: string, currency: string): Promise<void> {
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(`${world().dataDir}/checkout-console.sqlite`);
  try {
    db.prepare('UPDATE products SET currency = ? WHERE code = ?').run(currency, code);
  } finally {
    db.close();
  }
}

async function create(input: MethodInput<'links.create'>): Promise<LinkResult> {
  return await world().cc.invoke('links.create', input);
}

describe('links.update and links.cancel', () => {
  it('updates a pending link, and the new purchase is what a repeat request reuses', async () => {
    const [a, b] = [world().product('EUR', 0), world().product('EUR', 1)];
    const link = (await create(request(a.code))).link;
    const updated = await world().cc.invoke('links.update', {
      id: link.id,
      items: [{ product: b.code, quantity: 2 }],
    });
    expect(updated.link).toMatchObject({ id: link.id, total: b.unitAmount * 2 });
    expect(updated.link.items[0]).toMatchObject({ product: b.code, quantity: 2 });
    const again = await create({ ...request(b.code), items: [{ product: b.code, quantity: 2 }] });
    expect(again).toMatchObject({ reused: true, link: { id: link.id } });
  });

  it('after only the customer changed, a repeat request for the new customer reuses the link', async () => {
    const code = world().product('JPY').code;
    const link = (await create(request(code))).link;
    await world().cc.invoke('links.update', {
      id: link.id,
      customer: { email: 'joe@example.com' },
    });
    const again = await create(request(code, 'joe@example.com'));
    expect(again).toMatchObject({ reused: true, link: { id: link.id } });
  });

  it('cancels a pending link: Quaderno deletes it and the list shows it cancelled', async () => {
    const link = (await create(request(world().product('EUR').code))).link;
    const cancelled = await world().cc.invoke('links.cancel', { id: link.id });
    expect(cancelled.status).toBe('deleted');
    const res = await fetch(`${world().sandbox.apiUrl}checkout/sessions/${link.id}.json`, {
      headers: {
        Authorization: `Basic ${Buffer.from(`${world().sandbox.apiKey}:x`).toString('base64')}`,
      },
    });
    expect(res.status).toBe(404);
    const again = await create(request(world().product('EUR').code));
    expect(again.reused).toBe(false);
  });

  it.each(['links.cancel', 'links.update'] as const)(
    '%s of a session paid meanwhile gives a clear error and records that it was paid',
    async (method) => {
      const link = (await create(request(world().product('EUR').code))).link;
      await world().control(link.id, 'complete');
      const input =
        method === 'links.cancel'
          ? { id: link.id }
          : { id: link.id, customer: { email: 'jane@example.org' } };
      const error = failure(await world().cc.call(method, input));
      expect(error.code).toBe('conflict');
      expect(error.message).toMatch(/already paid \(completed\).*only pending links/i);
      const stored = await world().cc.invoke('links.get', { id: link.id });
      expect(stored.link.status).toBe('completed');
    },
  );

  it('cancels a link Quaderno no longer has (a retried cancel whose first answer was lost)', async () => {
    const link = (await create(request(world().product('EUR').code))).link;
    const gone = await fetch(`${world().sandbox.apiUrl}checkout/sessions/${link.id}.json`, {
      method: 'DELETE',
      headers: {
        Authorization: `Basic ${Buffer.from(`${world().sandbox.apiKey}:x`).toString('base64')}`,
      },
    });
    expect(gone.status).toBe(204);
    const cancelled = await world().cc.invoke('links.cancel', { id: link.id });
    expect(cancelled.status).toBe('deleted');
  });

  it('refuses to cancel a link already known to be failed without asking Quaderno', async () => {
    const link = (await create(request(world().product('EUR').code))).link;
    await world().control(link.id, 'fail');
    failure(await world().cc.call('links.cancel', { id: link.id }));
    const calls = world().sandbox.requestLog().length;
    const error = failure(await world().cc.call('links.cancel', { id: link.id }));
    expect(error.message).toMatch(/failed payment/);
    expect(world().sandbox.requestLog().length).toBe(calls);
  });
});

describe('a Quaderno whose refusals name no field', () => {
  // Only the sandbox is known to name `status` in the 422 for a session no longer pending.
  const bare = useLinksWorld({
    front: (sandbox) =>
      reproxy(sandbox.origin, 1, [], (method, _path, text) =>
        (method === 'PUT' || method === 'DELETE') && text.includes('"status"')
          ? JSON.stringify({ error: 'The session cannot be modified.' })
          : text,
      ),
  });

  it.each(['links.cancel', 'links.update'] as const)(
    '%s of a session paid meanwhile still says it was paid, and records it',
    async (method) => {
      const w = bare();
      const { link } = await w.cc.invoke('links.create', request(w.product('EUR').code));
      await w.control(link.id, 'complete');
      const input =
        method === 'links.cancel'
          ? { id: link.id }
          : { id: link.id, customer: { email: 'jane@example.org' } };
      const error = failure(await w.cc.call(method, input));
      expect(error.code).toBe('conflict');
      expect(error.message).toMatch(/already paid \(completed\).*only pending links/i);
      expect((await w.cc.invoke('links.get', { id: link.id })).link.status).toBe('completed');
    },
  );
});

describe('validation', () => {
  it('puts a bad email on the email field', async () => {
    const error = failure(
      await world().cc.call('links.create', request(world().product('EUR').code, 'jane@')),
    );
    expect(error.fields?.['customer.email']).toMatch(/valid email/);
  });

  it('puts each problem on its own field: unknown product, quantity, price, currency, URL', async () => {
    const code = world().product('EUR').code;
    const shape = failure(
      await world().cc.call('links.create', {
        customer: { email: 'jane@example.com' },
        items: [{ product: code, quantity: 0, unitAmount: -5 }],
        successUrl: 'ftp://example.com',
      }),
    );
    expect(shape.fields).toMatchObject({
      'items.0.quantity': expect.stringMatching(/whole number/),
      'items.0.unitAmount': expect.stringMatching(/more than zero/),
      successUrl: expect.stringMatching(/http/),
    });
    const catalogue = failure(
      await world().cc.call('links.create', {
        customer: { email: 'jane@example.com' },
        items: [{ product: code }, { product: 'prod_nope' }, { product: code, currency: 'XYZ' }],
      }),
    );
    expect(catalogue.fields).toEqual({
      'items.1.product': expect.stringMatching(/no product "prod_nope"/),
      'items.2.currency': expect.stringMatching(/not an ISO currency/),
    });
    expect(
      failure(await world().cc.call('links.create', { customer: { email: 'a@b.co' }, items: [] }))
        .fields,
    ).toEqual({
      items: 'Add at least one product.',
    });
    expect(world().calls('POST', SESSIONS)).toBe(0);
  });

  it('refreshes the catalogue once when a product is unknown locally', async () => {
    const code = world().product('USD').code;
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(`${world().dataDir}/checkout-console.sqlite`);
    db.prepare('DELETE FROM products').run();
    db.close();
    const result = await create(request(code));
    expect(result.link.items[0]?.product).toBe(code);
  });

  it('refuses items in two currencies before asking Quaderno', async () => {
    const [eur, usd] = [world().product('EUR').code, world().product('USD').code];
    // Known to the console (the observed profile's catalogue does not say currencies).
    await setCurrency(eur, 'EUR');
    await setCurrency(usd, 'USD');
    const error = failure(
      await world().cc.call('links.create', {
        customer: { email: 'jane@example.com' },
        items: [{ product: eur }, { product: usd }],
      }),
    );
    expect(error.code).toBe('invalid_input');
    expect(error.fields).toEqual({
      'items.1.currency':
        'A link is paid in one currency: this item is in USD, the first in EUR. Make a separate link for it.',
    });
    expect(world().calls('POST', SESSIONS)).toBe(0);
  });

  it("maps Quaderno's 422 field errors onto the form's fields", async () => {
    // The console has not learned the second product's currency yet, so it leaves the currency to
    // Quaderno, which refuses the second item.
    const usd = world().product('USD').code;
    await setCurrency(usd, 'XXX'); // ISO's "no currency": what the catalogue keeps for unknown
    const error = failure(
      await world().cc.call('links.create', {
        customer: { email: 'jane@example.com' },
        items: [{ product: world().product('EUR').code }, { product: usd }],
      }),
    );
    expect(error.code).toBe('invalid_input');
    expect(error.fields).toEqual({
      'items.1.currency': 'Quaderno says it must match the currency of the other items.',
    });
  });
});
