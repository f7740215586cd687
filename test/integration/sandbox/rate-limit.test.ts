import { describe, expect, it } from 'vitest';
import { call, eventually, sandbox } from './helpers';

describe('sandbox rate limit', () => {
  it('allows 100 calls per window and answers the 101st with 429', async () => {
    const sb = await sandbox();
    const statuses: number[] = [];
    for (let i = 0; i < 101; i++) statuses.push((await call(sb, 'GET', 'ping.json')).status);
    expect(statuses.slice(0, 100).every((s) => s === 200)).toBe(true);
    expect(statuses[100]).toBe(429);
  });

  it('reports limit, remaining calls and seconds until reset on successful calls', async () => {
    const sb = await sandbox();
    const first = await call(sb, 'GET', 'ping.json');
    const second = await call(sb, 'GET', 'items.json');
    expect(first.headers.get('x-ratelimit-limit')).toBe('100');
    expect(first.headers.get('x-ratelimit-remaining')).toBe('99');
    expect(second.headers.get('x-ratelimit-remaining')).toBe('98');
    const reset = Number(first.headers.get('x-ratelimit-reset'));
    expect(reset).toBeGreaterThanOrEqual(1);
    expect(reset).toBeLessThanOrEqual(15);
  });

  it('serves calls again once the window has passed', async () => {
    const sb = await sandbox({ rateLimit: { limit: 3, windowMs: 1000 } });
    for (let i = 0; i < 3; i++) expect((await call(sb, 'GET', 'ping')).status).toBe(200);
    const refused = await call(sb, 'GET', 'ping');
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({ error: expect.any(String) });
    const recovered = await eventually(async () => {
      const res = await call(sb, 'GET', 'ping');
      return res.status === 200 ? res : undefined;
    });
    expect(recovered.headers.get('x-ratelimit-remaining')).toBe('2');
  });

  it('does not charge calls with a wrong key to the account', async () => {
    const sb = await sandbox({ rateLimit: { limit: 2, windowMs: 60_000 } });
    for (let i = 0; i < 5; i++) expect((await fetch(sb.apiUrl + 'ping')).status).toBe(401);
    expect((await call(sb, 'GET', 'ping')).status).toBe(200);
    expect((await call(sb, 'GET', 'ping')).status).toBe(200);
    expect((await call(sb, 'GET', 'ping')).status).toBe(429);
  });
});
