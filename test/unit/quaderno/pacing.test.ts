import { describe, expect, it } from 'vitest';
import { createQuadernoClient, type QuadernoClientOptions } from '../../../main/quaderno';
import { ClientClosed, createLimiter } from '../../../main/quaderno/rate-limiter';
import {
  fakeClock,
  fakeQuaderno,
  json,
  randomKey,
  startFakeQuaderno,
  type FakeClock,
  type Reply,
} from '../../support/fake-quaderno';

/** The largest number of sends that fall inside any window of `windowMs`. */
function busiestWindow(times: number[], windowMs: number): number {
  return Math.max(0, ...times.map((t) => times.filter((u) => u >= t && u < t + windowMs).length));
}

describe('the limiter', () => {
  it('lets `limit` calls through per sliding window and holds the rest', async () => {
    const clock = fakeClock(0);
    const limiter = createLimiter({ limit: 3, windowMs: 1000 });
    const granted: number[] = [];
    for (let i = 0; i < 7; i++) {
      await limiter.acquire(clock);
      granted.push(clock.now());
    }
    expect(granted).toEqual([0, 0, 0, 1000, 1000, 1000, 2000]);
  });

  it('never over-admits when many callers wait at once', async () => {
    const clock = fakeClock(0);
    const limiter = createLimiter({ limit: 2, windowMs: 500 });
    const granted: number[] = [];
    await Promise.all(
      Array.from({ length: 9 }, () => limiter.acquire(clock).then(() => granted.push(clock.now()))),
    );
    expect(granted).toHaveLength(9);
    expect(busiestWindow(granted, 500)).toBeLessThanOrEqual(2);
  });

  it('holds every call until a pause ends', async () => {
    const clock = fakeClock(0);
    const limiter = createLimiter({ limit: 10, windowMs: 1000 });
    limiter.pauseUntil(4000, 4000);
    await limiter.acquire(clock);
    expect(clock.now()).toBe(4000);
  });

  it('hands a pause longer than the caller may wait back at once instead of waiting it out', async () => {
    const clock = fakeClock(0);
    const limiter = createLimiter({ limit: 10, windowMs: 1000 });
    limiter.pauseUntil(3_600_000, 3_600_000);
    await expect(limiter.acquire(clock, { maxWaitMs: 60_000 })).resolves.toEqual({
      until: 3_600_000,
      askedMs: 3_600_000,
    });
    expect(clock.now()).toBe(0);
    expect(clock.sleeps).toEqual([]);
  });

  it('releases a waiting caller the moment its signal aborts', async () => {
    const stuck = { now: () => 0, sleep: () => new Promise<void>(() => {}) };
    const limiter = createLimiter({ limit: 1, windowMs: 1000 });
    await limiter.acquire(stuck);
    const shutdown = new AbortController();
    const waiting = limiter.acquire(stuck, { signal: shutdown.signal });
    shutdown.abort();
    await expect(waiting).rejects.toBeInstanceOf(ClientClosed);
  });
});

describe('a client paces its calls', () => {
  const session = { id: 1, status: 'pending', permalink: 'p', items: [] };
  /** An answer saying no calls remain until `resetSeconds` from now. */
  const spent = (resetSeconds: number) =>
    json(200, session, {
      'X-RateLimit-Remaining': '0',
      'X-RateLimit-Reset': String(resetSeconds),
    });

  /** A fetch that notes in `sentAt` the fake-clock time each call is sent. */
  function timedFetch(clock: FakeClock, sentAt: number[]): typeof fetch {
    return (input, init) => {
      sentAt.push(clock.now());
      return fetch(input, init);
    };
  }

  async function pacedClients(count: number, rateLimit = { limit: 3, windowMs: 1000 }) {
    const server = await startFakeQuaderno([json(200, session)]);
    const clock = fakeClock();
    const sentAt: number[] = [];
    const apiKey = randomKey();
    const clients = Array.from({ length: count }, () =>
      createQuadernoClient({
        apiUrl: server.apiUrl,
        apiKey,
        rateLimit,
        sleep: clock.sleep,
        now: clock.now,
        fetch: timedFetch(clock, sentAt),
      }),
    );
    return { clients, clock, sentAt, seen: server.seen };
  }

  /** One client, paced as by default unless `extra` says otherwise, its sends timed. */
  async function timedClient(replies: Reply[], extra: Partial<QuadernoClientOptions> = {}) {
    const clock = fakeClock();
    const sentAt: number[] = [];
    const fake = await fakeQuaderno(replies, { clock, fetch: timedFetch(clock, sentAt), ...extra });
    return { ...fake, clock, sentAt };
  }

  it('stays within its limit per window, and every call succeeds', async () => {
    const { clients, sentAt, seen } = await pacedClients(1);
    const [client] = clients;
    await Promise.all(Array.from({ length: 10 }, () => client!.getSession(1)));
    expect(seen).toHaveLength(10);
    expect(busiestWindow(sentAt, 1000)).toBe(3);
  });

  it('shares one window among clients of the same account', async () => {
    const { clients, sentAt } = await pacedClients(3);
    await Promise.all(
      clients.flatMap((c) => [c.getSession(1), c.getSession(1), c.ping().catch(() => {})]),
    );
    expect(sentAt).toHaveLength(9);
    expect(busiestWindow(sentAt, 1000)).toBe(3);
  });

  it('waits for the reset when Quaderno says no calls remain', async () => {
    const { client, sentAt } = await timedClient([spent(4), json(200, session)]);
    await client.getSession(1);
    await client.getSession(1);
    expect(sentAt[1]! - sentAt[0]!).toBeGreaterThanOrEqual(4000);
  });

  it('a reset a day away on a successful answer pauses calls no longer than maxPauseMs', async () => {
    const { client, sentAt } = await timedClient([spent(86400), json(200, session)], {
      maxPauseMs: 30_000,
    });
    await client.getSession(1);
    await client.getSession(1);
    expect(sentAt[1]! - sentAt[0]!).toBe(30_000);
  });

  it('with pacing off, sends everything at once', async () => {
    const clock = fakeClock();
    const { client, seen } = await fakeQuaderno([spent(4)], { clock, rateLimit: false });
    await Promise.all(Array.from({ length: 5 }, () => client.getSession(1)));
    expect(clock.sleeps).toEqual([]);
    expect(seen).toHaveLength(5);
  });
});
