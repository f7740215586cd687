import { describe, expect, it } from 'vitest';
import { consoleErrorOf } from '../../support/console-error-of';
import { toMinorUnits, unitCostToMinorUnits } from '../../../main/quaderno';
import { checkoutAction, clientFor, sandbox, sink, urls } from './helpers';

describe('the client against the sandbox', () => {
  it('pings and learns the account identity from the key', async () => {
    const sb = await sandbox({ accountName: 'acme' });
    const client = clientFor(sb);
    await expect(client.ping()).resolves.toBeUndefined();
    const identity = await client.authorization();
    expect(identity).toMatchObject({ name: 'acme', href: sb.apiUrl });
    expect(identity.publishable_key).toMatch(/^pk_/);
  });

  it('lists the products with prices the store can turn into minor units', async () => {
    const sb = await sandbox();
    const items = await clientFor(sb).listItems();
    expect(items.length).toBeGreaterThanOrEqual(4);
    const byCurrency = Object.fromEntries(items.map((i) => [i.currency, i]));
    expect(Object.keys(byCurrency).sort()).toEqual(
      expect.arrayContaining(['EUR', 'GBP', 'JPY', 'USD']),
    );
    const yen = items.find((i) => i.currency === 'JPY' && i.unit_cost === '500.0');
    expect(yen && unitCostToMinorUnits(yen.unit_cost, 'JPY')).toBe(500);
    for (const item of items) {
      expect(item.code).toMatch(/^prod_/);
      expect(Number.isInteger(unitCostToMinorUnits(item.unit_cost, item.currency ?? 'EUR'))).toBe(
        true,
      );
    }
  });

  it('creates, reads, updates and deletes a checkout session', async () => {
    const sb = await sandbox();
    const client = clientFor(sb);
    const [item] = await client.listItems();
    const created = await client.createSession({
      items: [{ product: item!.code!, quantity: 2 }],
      customer: { email: 'ana@example.com', first_name: 'Ana' },
      metadata: { fingerprint: 'abc' },
      ...urls,
    });
    expect(created).toMatchObject({ status: 'pending', metadata: { fingerprint: 'abc' } });
    expect(created.permalink).toMatch(/\/checkout\/session\/[0-9a-f]{40}$/);
    expect(created.customer?.email).toBe('ana@example.com');
    const amount = created.items[0]?.amount;
    expect(amount && toMinorUnits(amount, item!.currency!)).toBe(
      unitCostToMinorUnits(item!.unit_cost, item!.currency!),
    );

    expect(await client.getSession(created.id)).toMatchObject({
      id: created.id,
      status: 'pending',
    });
    const updated = await client.updateSession(created.id, { locale: 'es' });
    expect(updated.locale).toBe('es');

    await client.deleteSession(created.id);
    const gone = await consoleErrorOf(client.getSession(created.id));
    expect(gone).toMatchObject({ code: 'not_found', status: 404 });
    expect(gone.message).toContain(`checkout session ${created.id}`);
  });

  it('reports Quaderno field errors of a create as invalid_input fields', async () => {
    const sb = await sandbox();
    const error = await consoleErrorOf(
      clientFor(sb).createSession({
        items: [{ product: 'prod_does_not_exist' }],
        success_url: '',
        cancel_url: 'https://shop.example/cart',
      }),
    );
    expect(error).toMatchObject({ code: 'invalid_input', status: 422 });
    expect(Object.keys(error.fields ?? {})).toEqual(expect.arrayContaining(['success_url']));
    expect(error.message).toMatch(/Correct it and try again/);
  });

  it('refuses to update a completed session with a clear invalid_input', async () => {
    const sb = await sandbox();
    const client = clientFor(sb);
    const [item] = await client.listItems();
    const session = await client.createSession({ items: [{ product: item!.code! }], ...urls });
    await checkoutAction(sb, session.id, 'complete');
    expect((await client.getSession(session.id)).status).toBe('completed');
    const error = await consoleErrorOf(client.updateSession(session.id, { locale: 'de' }));
    expect(error).toMatchObject({ code: 'invalid_input', status: 422 });
    expect(error.fields?.status).toMatch(/completed/);
  });

  it('creates, lists, reads, updates and deletes a webhook', async () => {
    const sb = await sandbox();
    const receiver = await sink();
    const client = clientFor(sb);
    const hook = await client.createWebhook({
      url: receiver.url('/hooks'),
      events_types: ['checkout.succeeded', 'checkout.failed'],
    });
    expect(hook.auth_key).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(receiver.headCount()).toBe(1);

    expect((await client.listWebhooks()).map((w) => w.id)).toEqual([hook.id]);
    expect(await client.getWebhook(hook.id)).toMatchObject({ url: receiver.url('/hooks') });
    const moved = await client.updateWebhook(hook.id, {
      url: receiver.url('/other'),
      events_types: ['checkout.abandoned'],
    });
    expect(moved).toMatchObject({
      url: receiver.url('/other'),
      events_types: ['checkout.abandoned'],
    });

    await client.deleteWebhook(hook.id);
    expect(await client.listWebhooks()).toEqual([]);
    expect(await consoleErrorOf(client.getWebhook(hook.id))).toMatchObject({ code: 'not_found' });
  });

  it('reports a webhook URL Quaderno cannot reach as a url field error', async () => {
    const sb = await sandbox();
    const receiver = await sink();
    receiver.setHeadStatus(404);
    const error = await consoleErrorOf(
      clientFor(sb).createWebhook({ url: receiver.url(), events_types: ['checkout.succeeded'] }),
    );
    expect(error).toMatchObject({ code: 'invalid_input', status: 422 });
    expect(error.fields?.url).toMatch(/HEAD/);
  });

  it('turns a wrong key into unauthorized without revealing the key', async () => {
    const sb = await sandbox();
    const wrongKey = 'sk_test_wrongwrongwrongwrongwrong';
    const client = clientFor(sb, { apiKey: wrongKey });
    const error = await consoleErrorOf(client.ping());
    expect(error).toMatchObject({ code: 'unauthorized', status: 401 });
    expect(error.message).toMatch(/Copy the secret key/);
    expect(error.message).not.toContain(wrongKey);
    expect(JSON.stringify(error.toPayload())).not.toContain(wrongKey);
  });

  it('turns a publishable key into unauthorized too', async () => {
    const sb = await sandbox();
    const error = await consoleErrorOf(
      clientFor(sb, { apiKey: 'pk_test_abcdefabcdefabcdef' }).listItems(),
    );
    expect(error.code).toBe('unauthorized');
  });

  it('reports not_found for an unknown session and webhook', async () => {
    const sb = await sandbox();
    const client = clientFor(sb);
    expect(await consoleErrorOf(client.getSession(999_999))).toMatchObject({
      code: 'not_found',
      status: 404,
    });
    expect(await consoleErrorOf(client.deleteWebhook(999_999))).toMatchObject({
      code: 'not_found',
    });
  });
});
