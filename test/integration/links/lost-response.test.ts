// A create Quaderno processed but whose answer never arrived, then the merchant's retry.
import { describe, expect, it } from 'vitest';
import { failure, SESSIONS, useLinksWorld } from './helpers';

const world = useLinksWorld();

describe('a lost create response', () => {
  it('followed by a retry leaves exactly one open session', async () => {
    const code = world().product('EUR').code;
    const input = { customer: { email: 'jane@example.com' }, items: [{ product: code }] };
    await world().fault({ path: '/api/checkout/sessions.json', method: 'POST', drop: true });
    const lost = failure(await world().cc.call('links.create', input));
    expect(lost.code).toBe('offline');
    expect(lost.message).toMatch(/may or may not have been created/);

    const retry = await world().cc.invoke('links.create', input);
    expect(retry.reused).toBe(true);
    expect(world().calls('POST', SESSIONS)).toBe(1);
    const res = await fetch(`${world().sandbox.apiUrl}checkout/sessions.json?status=pending`, {
      headers: {
        Authorization: `Basic ${Buffer.from(`${world().sandbox.apiKey}:x`).toString('base64')}`,
      },
    });
    const open = (await res.json()) as Array<{ id: number }>;
    expect(open.map((s) => s.id)).toEqual([retry.link.id]);
  });
});
