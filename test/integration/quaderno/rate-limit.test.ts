import { describe, expect, it } from 'vitest';
import { calls, clientFor, sandbox } from './helpers';

// A short window keeps the suite quick; the rules are the same as Quaderno's 100 per 15 s.
const limit = { limit: 100, windowMs: 3000 };

function statuses(sb: { requestLog(): Array<{ status: number }> }) {
  const counts: Record<number, number> = {};
  for (const r of sb.requestLog()) counts[r.status] = (counts[r.status] ?? 0) + 1;
  return counts;
}

describe('rate limiting for real', () => {
  it('101 calls at once within one window all succeed, paced so the sandbox never refuses one', async () => {
    const sb = await sandbox({ rateLimit: limit });
    const client = clientFor(sb, { rateLimit: limit });
    const results = await Promise.all(Array.from({ length: 101 }, () => client.ping()));
    expect(results).toHaveLength(101);
    expect(statuses(sb)).toEqual({ 200: 101 });
  });

  it('with pacing off, the 101st call meets a 429 and recovers after the window resets', async () => {
    const sb = await sandbox({ rateLimit: limit });
    const client = clientFor(sb, { rateLimit: false });
    for (let i = 0; i < 101; i++) await client.ping();
    expect(statuses(sb)).toEqual({ 200: 101, 429: 1 });
  });

  it('recovers from a 429 when something else used up the account budget', async () => {
    const sb = await sandbox({ rateLimit: limit });
    const auth = 'Basic ' + Buffer.from(`${sb.apiKey}:x`).toString('base64');
    for (let i = 0; i < 100; i++) {
      const res = await fetch(`${sb.apiUrl}ping.json`, { headers: { Authorization: auth } });
      await res.text();
    }
    const client = clientFor(sb, { rateLimit: limit });
    const items = await client.listItems();
    expect(items.length).toBeGreaterThan(0);
    const itemCalls = calls(sb, 'GET', '/api/items').map((r) => r.status);
    expect(itemCalls[0]).toBe(429);
    expect(itemCalls.at(-1)).toBe(200);
  });

  it('a create refused with 429 is sent again and exactly one session exists', async () => {
    const sb = await sandbox({ rateLimit: { limit: 3, windowMs: 2000 } });
    const client = clientFor(sb, { rateLimit: false });
    const [item] = await client.listItems();
    await client.ping();
    await client.ping();
    const session = await client.createSession({
      items: [{ product: item!.code! }],
      success_url: 'https://shop.example/ok',
      cancel_url: 'https://shop.example/no',
    });
    expect(calls(sb, 'POST', '/api/checkout/sessions').map((r) => r.status)).toEqual([429, 201]);
    const all = await client.listSessionsPage();
    expect(all.items.map((s) => s.id)).toEqual([session.id]);
  });
});
