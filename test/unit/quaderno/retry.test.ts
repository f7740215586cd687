import { describe, expect, it } from 'vitest';
import { backoffDelayMs, isRetryable } from '../../../main/quaderno/retry-policy';
import {
  drop,
  fakeQuaderno,
  fakeQuadernoOnFakeTime,
  hang,
  json,
  type Reply,
} from '../../support/fake-quaderno';

const session = { id: 7, status: 'pending', permalink: 'https://x/checkout/session/ab', items: [] };
const createInput = {
  items: [{ product: 'p' }],
  success_url: 'https://a',
  cancel_url: 'https://b',
};

describe('which failures are retried', () => {
  it('a GET that meets a 503 is retried and succeeds', async () => {
    const { client, seen } = await fakeQuadernoOnFakeTime([json(503, {}), json(200, session)]);
    await expect(client.getSession(7)).resolves.toMatchObject({ id: 7 });
    expect(seen.map((r) => r.method)).toEqual(['GET', 'GET']);
  });

  it('a POST that meets a 503 is sent exactly once', async () => {
    const { client, seen } = await fakeQuadernoOnFakeTime([json(503, {}), json(201, session)]);
    await expect(client.createSession(createInput)).rejects.toMatchObject({ code: 'server_error' });
    expect(seen).toHaveLength(1);
  });

  it('a POST that meets a 429 is retried after the reset Quaderno announced', async () => {
    const { client, clock, seen } = await fakeQuadernoOnFakeTime(
      [json(429, {}, { 'X-RateLimit-Reset': '2' }), json(201, session)],
      { random: () => 0 },
    );
    await expect(client.createSession(createInput)).resolves.toMatchObject({ id: 7 });
    expect(seen.map((r) => r.method)).toEqual(['POST', 'POST']);
    expect(seen[1]?.body).toBe(seen[0]?.body);
    expect(clock.sleeps).toEqual([2000]);
  });

  it('Retry-After is honoured when it asks for longer than the reset', async () => {
    const reply = json(429, {}, { 'Retry-After': '5', 'X-RateLimit-Reset': '1' });
    const { client, clock } = await fakeQuadernoOnFakeTime([reply, json(200, session)], {
      random: () => 0,
    });
    await client.getSession(7);
    expect(clock.sleeps).toEqual([5000]);
  });

  it('a 429 without headers waits for the reset an earlier answer announced', async () => {
    const { client, clock, seen } = await fakeQuadernoOnFakeTime(
      [json(200, session, { 'X-RateLimit-Reset': '6' }), json(429, {}), json(200, session)],
      { random: () => 0 },
    );
    await client.getSession(7);
    await client.getSession(7);
    expect(seen).toHaveLength(3);
    expect(clock.sleeps).toEqual([6000]);
  });

  it('a bare 429 waits in steps sized to the rate window, so retries outlast one window', async () => {
    const { client, clock, seen } = await fakeQuadernoOnFakeTime([json(429, {})], {
      random: () => 0,
      maxRetries: 4,
      rateLimit: { limit: 100, windowMs: 8000 },
    });
    await expect(client.getSession(7)).rejects.toMatchObject({ code: 'rate_limited' });
    expect(seen).toHaveLength(5);
    expect(clock.sleeps).toEqual([1000, 2000, 4000, 7500]);
    expect(clock.sleeps.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(8000);
  });

  it('a server asking for an unreasonably long wait fails at once with how long to wait', async () => {
    const reply = json(429, {}, { 'Retry-After': '3600' });
    const { client, seen } = await fakeQuadernoOnFakeTime([reply, json(200, session)]);
    await expect(client.getSession(7)).rejects.toMatchObject({
      code: 'rate_limited',
      message: expect.stringMatching(/Quaderno asked us to wait 60 min; retrying at \d\d:\d\d\./),
    });
    expect(seen).toHaveLength(1);
  });

  it('stops retrying once the waits Quaderno asked for would add up past maxServerWaitMs', async () => {
    const reply = json(429, {}, { 'Retry-After': '40' });
    const { client, clock, seen } = await fakeQuadernoOnFakeTime([reply], { random: () => 0 });
    await expect(client.getSession(7)).rejects.toMatchObject({ code: 'rate_limited' });
    expect(seen).toHaveLength(2);
    expect(clock.sleeps).toEqual([40_000]);
  });

  it('a dropped GET is retried, a dropped POST is not', async () => {
    const get = await fakeQuadernoOnFakeTime([drop, json(200, session)]);
    await expect(get.client.getSession(7)).resolves.toMatchObject({ id: 7 });
    expect(get.seen).toHaveLength(2);
    await get.server.close();

    const post = await fakeQuadernoOnFakeTime([drop, json(201, session)]);
    const error = await post.client.createSession(createInput).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'offline',
      message: expect.stringMatching(
        /Cannot reach Quaderno at http:\/\/127\.0\.0\.1:\d+\. Check your connection\..*may or may not have been created/,
      ),
    });
    expect(post.seen).toHaveLength(1);
  });

  it('PUT and DELETE are retried on a 502 like GET', async () => {
    const { client, seen } = await fakeQuadernoOnFakeTime([
      json(502, {}),
      json(200, session),
      json(502, {}),
      (res) => {
        res.writeHead(204);
        res.end();
      },
    ]);
    await client.updateSession(7, { success_url: 'https://c' });
    await client.deleteSession(7);
    expect(seen.map((r) => r.method)).toEqual(['PUT', 'PUT', 'DELETE', 'DELETE']);
  });

  it('gives up after maxRetries and reports the last failure', async () => {
    const { client, seen, clock } = await fakeQuadernoOnFakeTime([json(500, {})], {
      maxRetries: 3,
      random: () => 1,
    });
    await expect(client.getSession(7)).rejects.toMatchObject({ code: 'server_error', status: 500 });
    expect(seen).toHaveLength(4);
    expect(clock.sleeps).toEqual([500, 1000, 2000]);
  });

  it('a 4xx other than 429 is never retried', async () => {
    const { client, seen } = await fakeQuadernoOnFakeTime([json(404, {}), json(200, session)]);
    await expect(client.getSession(7)).rejects.toMatchObject({ code: 'not_found' });
    expect(seen).toHaveLength(1);
  });
});

describe('timeouts', () => {
  it('a GET that never answers times out, is retried, then reports timeout', async () => {
    const { client, seen } = await fakeQuadernoOnFakeTime([hang], {
      timeoutMs: 150,
      maxRetries: 1,
    });
    await expect(client.getSession(7)).rejects.toMatchObject({
      code: 'timeout',
      message: expect.stringMatching(/did not answer/),
    });
    expect(seen).toHaveLength(2);
  });

  it('after several timed-out tries, says how many tries and how long in all', async () => {
    const { client, seen } = await fakeQuaderno([hang], {
      rateLimit: false,
      timeoutMs: 150,
      maxRetries: 2,
      backoff: { baseMs: 10, maxMs: 20 },
    });
    await expect(client.getSession(7)).rejects.toMatchObject({
      code: 'timeout',
      message: expect.stringMatching(
        /did not answer GET checkout\/sessions\/7 in 3 tries of up to 1 second each, \d+ seconds? in all\./,
      ),
    });
    expect(seen).toHaveLength(3);
  });

  it('a POST that never answers times out once and is not sent again', async () => {
    const { client, seen } = await fakeQuadernoOnFakeTime([hang], {
      timeoutMs: 150,
      maxRetries: 3,
    });
    await expect(client.createSession(createInput)).rejects.toMatchObject({
      code: 'timeout',
      message: expect.stringMatching(/may or may not have been created/),
    });
    expect(seen).toHaveLength(1);
  });

  it('a body that stalls after the headers also times out', async () => {
    const stall: Reply = (res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"id": 7,');
    };
    const { client } = await fakeQuadernoOnFakeTime([stall], { timeoutMs: 150, maxRetries: 0 });
    await expect(client.getSession(7)).rejects.toMatchObject({ code: 'timeout' });
  });
});

describe('shutdown', () => {
  it('a client whose shutdown signal has fired sends nothing and says it is closing', async () => {
    const shutdown = new AbortController();
    shutdown.abort();
    const { client, seen } = await fakeQuadernoOnFakeTime([json(200, session)], {
      signal: shutdown.signal,
    });
    await expect(client.getSession(7)).rejects.toMatchObject({
      message: expect.stringMatching(/Checkout Console is closing/),
    });
    expect(seen).toHaveLength(0);
  });

  it('a request in flight is cut off when shutdown fires, and not retried', async () => {
    const shutdown = new AbortController();
    const { client, seen } = await fakeQuadernoOnFakeTime([hang], {
      signal: shutdown.signal,
      timeoutMs: 60_000,
    });
    const call = client.getSession(7).catch((e: unknown) => e);
    await expect.poll(() => seen.length, { timeout: 10_000 }).toBe(1);
    shutdown.abort();
    expect(await call).toMatchObject({ message: expect.stringMatching(/closing/) });
    expect(seen).toHaveLength(1);
  });
});

describe('a call’s own signal', () => {
  it('a call whose caller has stopped waiting sends nothing, and the client serves the next', async () => {
    const stop = new AbortController();
    stop.abort();
    const { client, seen } = await fakeQuadernoOnFakeTime([json(200, session)]);
    await expect(client.getSession(7, { signal: stop.signal })).rejects.toMatchObject({
      code: 'timeout',
      message: expect.stringMatching(/was stopped: what asked for it stopped waiting/),
    });
    expect(seen).toHaveLength(0);
    await expect(client.getSession(7)).resolves.toMatchObject({ id: 7 });
  });

  it('retries end with the call when its caller stops waiting during a backoff', async () => {
    const stop = new AbortController();
    const { client, seen } = await fakeQuaderno([json(503, {}), json(200, session)], {
      rateLimit: false,
      // The caller gives up (a connection check's time bound) while the retry waits.
      sleep: () => {
        stop.abort();
        return Promise.resolve();
      },
    });
    await expect(client.ping({ signal: stop.signal })).rejects.toMatchObject({ code: 'timeout' });
    expect(seen).toHaveLength(1);
  });

  it('a listing ends with its caller: no page is read after it stopped waiting', async () => {
    const stop = new AbortController();
    let origin = '';
    const { client, server } = await fakeQuaderno(
      [
        (res, req) => {
          stop.abort();
          json(200, [], {
            'X-Pages-HasMore': 'true',
            'X-Pages-NextPage': `${origin}/api/webhooks.json?page=2`,
          })(res, req);
        },
        json(200, []),
      ],
      { rateLimit: false },
    );
    origin = server.origin;
    await expect(client.listWebhooks({ signal: stop.signal })).rejects.toMatchObject({
      code: 'timeout',
    });
    expect(server.seen).toHaveLength(1);
  });
});

describe('retry policy', () => {
  it('retries 429 for every method but 5xx, drops and timeouts only for idempotent ones', () => {
    const cases = ['GET', 'PUT', 'DELETE', 'POST'].map((method) => [
      method,
      isRetryable(method, { kind: 'status', status: 429 }),
      isRetryable(method, { kind: 'status', status: 503 }),
      isRetryable(method, { kind: 'network' }),
      isRetryable(method, { kind: 'timeout' }),
      isRetryable(method, { kind: 'status', status: 422 }),
    ]);
    expect(cases).toEqual([
      ['GET', true, true, true, true, false],
      ['PUT', true, true, true, true, false],
      ['DELETE', true, true, true, true, false],
      ['POST', true, false, false, false, false],
    ]);
  });

  it('backs off exponentially with full jitter up to the cap', () => {
    const backoff = { baseMs: 100, maxMs: 1000 };
    expect([0, 1, 2, 3, 4, 5].map((n) => backoffDelayMs(n, () => 0.999999, backoff))).toEqual([
      99, 199, 399, 799, 999, 999,
    ]);
    expect(backoffDelayMs(3, () => 0.5, backoff)).toBe(400);
    expect(backoffDelayMs(3, () => 0, backoff)).toBe(0);
  });
});
