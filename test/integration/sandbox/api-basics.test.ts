import { describe, expect, it } from 'vitest';
import { basic, call, items, sandbox } from './helpers';

describe('sandbox API basics', () => {
  it('answers ping with status OK, with and without the .json suffix', async () => {
    const sb = await sandbox();
    for (const path of ['ping', 'ping.json']) {
      const res = await call(sb, 'GET', path);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'OK' });
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    }
  });

  it('describes the account identity with its own API URL as href', async () => {
    const sb = await sandbox({ accountName: 'acme-demo' });
    const res = await call(sb, 'GET', 'authorization.json');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      identity: {
        id: expect.any(Number),
        name: 'acme-demo',
        email: expect.stringContaining('@'),
        publishable_key: expect.stringMatching(/^pk_test_/),
        href: sb.apiUrl,
      },
    });
    expect(sb.apiUrl).toBe(`http://127.0.0.1:${sb.port}/api/`);
    expect(sb.apiKey).toMatch(/^sk_test_[A-Za-z0-9]{24}$/);
  });

  it('refuses a missing, wrong or publishable key with the exact Quaderno 401 body', async () => {
    const sb = await sandbox();
    const wrong = { error: 'Wrong API key or the user does not exist.' };
    const none = await fetch(sb.apiUrl + 'ping.json');
    expect(none.status).toBe(401);
    expect(await none.json()).toEqual(wrong);
    const identity = (await call(sb, 'GET', 'authorization')).body as {
      identity: { publishable_key: string };
    };
    for (const key of ['sk_test_nope', identity.identity.publishable_key]) {
      const res = await fetch(sb.apiUrl + 'ping', { headers: { Authorization: basic(key) } });
      expect(res.status).toBe(401);
      expect(await res.text()).toBe(JSON.stringify(wrong));
    }
  });

  it('accepts the key with any password', async () => {
    const sb = await sandbox({ apiKey: 'sk_test_fixedkey' });
    const auth = 'Basic ' + Buffer.from('sk_test_fixedkey:whatever').toString('base64');
    const res = await fetch(sb.apiUrl + 'ping', { headers: { Authorization: auth } });
    expect(res.status).toBe(200);
  });

  it('answers an unknown route with 404 JSON and a wrong method with 405', async () => {
    const sb = await sandbox();
    const missing = await call(sb, 'GET', 'invoices.json');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(missing.body).toEqual({ error: 'Not found' });
    const wrong = await call(sb, 'DELETE', 'items.json');
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET');
  });

  it('answers 406 to a body that is not declared JSON and 400 to malformed JSON', async () => {
    const sb = await sandbox();
    const notJson = await fetch(sb.apiUrl + 'checkout/sessions.json', {
      method: 'POST',
      headers: { Authorization: basic(sb.apiKey), 'Content-Type': 'text/plain' },
      body: 'items=1',
    });
    expect(notJson.status).toBe(406);
    const malformed = await fetch(sb.apiUrl + 'checkout/sessions.json', {
      method: 'POST',
      headers: { Authorization: basic(sb.apiKey), 'Content-Type': 'application/json' },
      body: '{"items": [',
    });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toEqual({ error: expect.any(String) });
  });

  it('seeds one-off demo products in EUR, USD, JPY and GBP with decimal-string prices', async () => {
    const sb = await sandbox();
    const list = await items(sb);
    expect(list.length).toBeGreaterThanOrEqual(6);
    expect(new Set(list.map((i) => i.currency))).toEqual(new Set(['EUR', 'USD', 'JPY', 'GBP']));
    for (const item of list) {
      expect(item).toMatchObject({
        id: expect.any(Number),
        code: expect.stringMatching(/^prod_[0-9a-f]{14}$/),
        name: expect.any(String),
        unit_cost: expect.stringMatching(/^\d+\.\d+$/),
        kind: 'one_off',
        tax_class: expect.any(String),
        url: expect.any(String),
      });
      expect(item).toHaveProperty('stock');
      expect(item).toHaveProperty('description');
    }
    const ids = list.map((i) => i.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const one = await call(sb, 'GET', `items/${list[0]?.id}.json`);
    expect(one.body).toEqual(list[0]);
  });

  it('starts empty of products when seeding is off', async () => {
    const sb = await sandbox({ seed: false });
    expect(await items(sb)).toEqual([]);
  });

  it('logs every API call in order with its status', async () => {
    const sb = await sandbox();
    await call(sb, 'GET', 'ping.json');
    await fetch(sb.apiUrl + 'ping');
    await call(sb, 'GET', 'nope');
    expect(sb.requestLog().map((r) => [r.method, r.path, r.status])).toEqual([
      ['GET', '/api/ping.json', 200],
      ['GET', '/api/ping', 401],
      ['GET', '/api/nope', 404],
    ]);
  });
});
