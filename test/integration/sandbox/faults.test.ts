import { describe, expect, it } from 'vitest';
import {
  basic,
  call,
  control,
  eventually,
  productIn,
  sandbox,
  URLS,
  type SessionJson,
} from './helpers';

describe('sandbox faults', () => {
  it('answers the next matching calls with the injected status, then recovers', async () => {
    const sb = await sandbox();
    const added = await control(sb, 'POST', '/__sandbox/faults', {
      path: '/api/checkout/sessions',
      method: 'POST',
      times: 2,
      status: 503,
    });
    expect(added.status).toBe(201);
    const product = await productIn(sb, 'EUR');
    const body = { items: [{ product: product.code }], ...URLS };
    const first = await call(sb, 'POST', 'checkout/sessions.json', body);
    expect(first.status).toBe(503);
    expect(first.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(first.body).toEqual({ error: expect.any(String) });
    // The GET on the same path is not matched by a POST fault.
    expect((await call(sb, 'GET', 'checkout/sessions')).body).toEqual([]);
    expect((await call(sb, 'POST', 'checkout/sessions?x=1', body)).status).toBe(503);
    expect((await call(sb, 'POST', 'checkout/sessions', body)).status).toBe(201);
    expect(((await call(sb, 'GET', 'checkout/sessions')).body as unknown[]).length).toBe(1);
  });

  it('defaults to one 503 on any method and can be cleared', async () => {
    const sb = await sandbox();
    await control(sb, 'POST', '/__sandbox/faults', { path: '/api/ping.json' });
    expect((await call(sb, 'GET', 'ping')).status).toBe(503);
    expect((await call(sb, 'GET', 'ping')).status).toBe(200);
    await control(sb, 'POST', '/__sandbox/faults', { path: '/api/ping', times: 5, status: 500 });
    expect((await control(sb, 'DELETE', '/__sandbox/faults')).status).toBe(204);
    expect((await call(sb, 'GET', 'ping')).status).toBe(200);
  });

  it('delays a call without changing its answer, while other calls go ahead', async () => {
    const sb = await sandbox();
    await control(sb, 'POST', '/__sandbox/faults', { path: '/api/items', delayMs: 5000 });
    const slow = call(sb, 'GET', 'items.json');
    // The fault is used up once the delayed request has arrived.
    await eventually(async () => {
      const pending = (await control(sb, 'GET', '/__sandbox/faults')).body as unknown[];
      return pending.length === 0 ? true : undefined;
    });
    expect((await call(sb, 'GET', 'ping.json')).status).toBe(200);
    const res = await slow;
    expect(res.status).toBe(200);
    expect((res.body as unknown[]).length).toBeGreaterThan(0);
    expect(sb.requestLog().map((r) => r.path)).toEqual(['/api/ping.json', '/api/items.json']);
  });

  it('processes a dropped call but destroys the socket before answering', async () => {
    const sb = await sandbox();
    await control(sb, 'POST', '/__sandbox/faults', {
      path: '/api/checkout/sessions',
      method: 'POST',
      drop: true,
    });
    const product = await productIn(sb, 'EUR');
    const attempt = fetch(sb.apiUrl + 'checkout/sessions.json', {
      method: 'POST',
      headers: { Authorization: basic(sb.apiKey), 'Content-Type': 'application/json' },
      body: JSON.stringify({ items: [{ product: product.code }], ...URLS }),
    });
    await expect(attempt).rejects.toThrow();
    const list = (await call(sb, 'GET', 'checkout/sessions')).body as SessionJson[];
    expect(list).toHaveLength(1);
    expect(sb.requestLog().find((r) => r.method === 'POST')).toMatchObject({
      status: 201,
      dropped: true,
    });
  });

  it('refuses a fault description without a path', async () => {
    const sb = await sandbox();
    const res = await control(sb, 'POST', '/__sandbox/faults', { status: 500 });
    expect(res.status).toBe(422);
    expect((await control(sb, 'GET', '/__sandbox/faults')).body).toEqual([]);
  });
});
