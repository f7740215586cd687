// How a long rate-limit pause is told: what Quaderno asked for, and what the console will do,
// without pairing a wait of years with a retry in minutes as if they agreed.
import { describe, expect, it } from 'vitest';
import { fakeQuadernoOnFakeTime, json } from '../../support/fake-quaderno';

const rateLimited = { error: 'Rate limit exceeded' };

describe('the message of a rate limit that asks for a very long wait', () => {
  it('a 403 rate limit with Retry-After 999999999 says the console holds calls back 15 min at most', async () => {
    const reply = json(403, rateLimited, { 'Retry-After': '999999999' });
    const { client } = await fakeQuadernoOnFakeTime([reply]);
    const error: unknown = await client.getSession(7).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'rate_limited' });
    const message = error instanceof Error ? error.message : '';
    expect(message).toMatch(/^Quaderno asked us to wait more than a year; retrying at \d\d:\d\d\./);
    expect(message).toContain(
      'Checkout Console holds calls back 15 min at most, whatever Quaderno asks, so it tries again then.',
    );
    expect(message).not.toMatch(/hours/);
  });

  it('a second call made during the long pause is told the same bound, without reaching Quaderno', async () => {
    const reply = json(403, rateLimited, { 'Retry-After': '999999999' });
    const { client, seen } = await fakeQuadernoOnFakeTime([reply], {
      rateLimit: { limit: 100, windowMs: 60_000 },
    });
    await client.getSession(7).catch(() => undefined);
    const asked = seen.length;
    const error: unknown = await client.getSession(8).catch((e: unknown) => e);
    expect(seen).toHaveLength(asked);
    expect(error).toMatchObject({ code: 'rate_limited' });
    const message = error instanceof Error ? error.message : '';
    expect(message).toMatch(/^Quaderno asked us to wait more than a year; retrying at \d\d:\d\d\./);
    expect(message).toContain(
      'Checkout Console holds calls back 15 min at most, whatever Quaderno asks, so it tries again then.',
    );
  });

  it('a wait of a few days is told in days', async () => {
    const reply = json(429, {}, { 'Retry-After': String(3 * 24 * 3600) });
    const { client } = await fakeQuadernoOnFakeTime([reply]);
    await expect(client.getSession(7)).rejects.toMatchObject({
      message: expect.stringMatching(/^Quaderno asked us to wait 3 days; retrying at/),
    });
  });

  it('a wait within the bound says nothing about the bound', async () => {
    const reply = json(429, {}, { 'Retry-After': '600' });
    const { client } = await fakeQuadernoOnFakeTime([reply]);
    const error: unknown = await client.getSession(7).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'rate_limited',
      message: expect.stringMatching(
        /^Quaderno asked us to wait 10 min; retrying at \d\d:\d\d\. Calls/,
      ),
    });
  });
});
