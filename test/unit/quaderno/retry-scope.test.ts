// A call's own retry scope: a merchant waiting on a link gives up on an unreachable Quaderno at
// once (the link is kept as a draft) but still rides out a busy one; a probe never retries
// (its next run is its retry). Counted requests on a fake clock, never a time.
import { describe, expect, it } from 'vitest';
import { drop, fakeQuadernoOnFakeTime, hang, json } from '../../support/fake-quaderno';

const session = { id: 7, status: 'pending', permalink: 'https://x/checkout/session/ab', items: [] };

describe("a call that retries only Quaderno's answers", () => {
  it('tries a dropped GET once more at once, then reports it offline', async () => {
    const { client, clock, seen } = await fakeQuadernoOnFakeTime([drop, drop, drop, drop, drop]);
    await expect(client.getSession(7, { retry: 'answers' })).rejects.toMatchObject({
      code: 'offline',
    });
    expect(seen).toHaveLength(2);
    expect(clock.sleeps).toEqual([]);
  });

  it('is answered when the second try gets through (a keep-alive socket the server had closed)', async () => {
    const { client, seen } = await fakeQuadernoOnFakeTime([drop, json(200, session)]);
    await expect(client.getSession(7, { retry: 'answers' })).resolves.toMatchObject({ id: 7 });
    expect(seen).toHaveLength(2);
  });

  it('does not try a GET that timed out again', async () => {
    const { client, seen } = await fakeQuadernoOnFakeTime([hang], { timeoutMs: 150 });
    await expect(client.getSession(7, { retry: 'answers' })).rejects.toMatchObject({
      code: 'timeout',
    });
    expect(seen).toHaveLength(1);
  });

  it('still retries 5xx and 429 answers with backoff, as every call does', async () => {
    const { client, clock, seen } = await fakeQuadernoOnFakeTime(
      [json(503, {}), json(429, {}), json(502, {}), json(200, session)],
      { random: () => 0 },
    );
    await expect(client.getSession(7, { retry: 'answers' })).resolves.toMatchObject({ id: 7 });
    expect(seen).toHaveLength(4);
    expect(clock.sleeps).toHaveLength(3);
  });
});

describe('a call that never retries', () => {
  it('sends a dropped GET once', async () => {
    const { client, seen } = await fakeQuadernoOnFakeTime([drop, json(200, {})]);
    await expect(client.ping({ retry: 'none' })).rejects.toMatchObject({ code: 'offline' });
    expect(seen).toHaveLength(1);
  });

  it('sends a GET that met a 503 once', async () => {
    const { client, seen } = await fakeQuadernoOnFakeTime([json(503, {}), json(200, {})]);
    await expect(client.ping({ retry: 'none' })).rejects.toMatchObject({ code: 'server_error' });
    expect(seen).toHaveLength(1);
  });
});

describe('a call without a scope', () => {
  it('retries a dropped GET with backoff up to maxRetries, as before', async () => {
    const { client, clock, seen } = await fakeQuadernoOnFakeTime([drop], { maxRetries: 3 });
    await expect(client.getSession(7)).rejects.toMatchObject({ code: 'offline' });
    expect(seen).toHaveLength(4);
    expect(clock.sleeps).toHaveLength(3);
  });
});
