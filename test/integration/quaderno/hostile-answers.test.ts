// Answers a real Quaderno (or a proxy in front of it) could send that must not freeze, loop or
// swamp the console: a one-hour rate-limit pause, a pagination loop, a body of tens of MiB.
import { describe, expect, it } from 'vitest';
import type { QuadernoClientOptions } from '../../../main/quaderno';
import { fakeQuaderno, json, type Reply } from '../../support/fake-quaderno';

const session = { id: 7, status: 'pending', permalink: 'https://x/checkout/session/ab', items: [] };
const item = {
  id: 1,
  code: 'prod_1',
  name: 'Item',
  description: null,
  unit_cost: '10.0',
  currency: 'eur',
  kind: 'one_off',
};

/** Real time and, unless `extra` says otherwise, pacing on; short backoff keeps retries quick. */
const clientOf = (replies: Reply[], extra: Partial<QuadernoClientOptions> = {}) =>
  fakeQuaderno(replies, { backoff: { baseMs: 20, maxMs: 200 }, ...extra });

/** Settles with the call's outcome, or 'still waiting' once `ms` passes (a generous bound). */
function within<T>(ms: number, call: Promise<T>): Promise<T | unknown> {
  const bound = new Promise((resolve) => setTimeout(() => resolve('still waiting'), ms).unref());
  return Promise.race([call.catch((e: unknown) => e), bound]);
}

describe('a rate-limit answer asking for an hour', () => {
  it('fails the call and every later call at once with when calls resume', async () => {
    const hour = json(429, {}, { 'Retry-After': '3600' });
    const { client, seen } = await clientOf([hour, json(200, session)]);
    const waitMessage = /Quaderno asked us to wait 60 min; retrying at \d\d:\d\d\./;
    await expect(within(10_000, client.getSession(7))).resolves.toMatchObject({
      code: 'rate_limited',
      message: expect.stringMatching(waitMessage),
    });
    const later = await within(10_000, client.ping());
    expect(later).toMatchObject({
      code: 'rate_limited',
      message: expect.stringMatching(waitMessage),
    });
    expect(seen).toHaveLength(1);
  });

  it('reads Retry-After given as an HTTP date as well as in seconds', async () => {
    const inAnHour = new Date(Date.now() + 3_600_000).toUTCString();
    const { client, seen } = await clientOf([
      json(429, {}, { 'Retry-After': inAnHour }),
      json(200, session),
    ]);
    await expect(within(10_000, client.getSession(7))).resolves.toMatchObject({
      code: 'rate_limited',
      message: expect.stringMatching(/Quaderno asked us to wait (59|60) min/),
    });
    expect(seen).toHaveLength(1);
  });

  it('releases calls waiting out a shorter pause as soon as the client is shut down', async () => {
    const shutdown = new AbortController();
    const halfMinute = json(429, {}, { 'Retry-After': '30' });
    const { client, seen } = await clientOf([halfMinute, json(200, session)], {
      signal: shutdown.signal,
    });
    const retrying = within(10_000, client.getSession(7));
    await expect.poll(() => seen.length, { timeout: 10_000 }).toBe(1);
    const queued = within(10_000, client.ping());
    shutdown.abort();
    const outcomes = await Promise.all([retrying, queued]);
    expect(outcomes).not.toContain('still waiting');
    expect(outcomes[0]).toMatchObject({ message: expect.stringMatching(/closing/) });
    expect(outcomes[1]).toMatchObject({ message: expect.stringMatching(/closing/) });
    expect(seen).toHaveLength(1);
  });
});

describe('a pagination loop', () => {
  it('stops at the first page link seen before and names what was being listed', async () => {
    // The replies run once the server below has started, and read its origin and requests.
    const page: Reply = (res, req) => {
      const done = seen.length >= 50; // lets the unfixed client end instead of running on
      const next = req.url.includes('p=2') ? 'p=1' : 'p=2';
      json(200, [item], {
        'X-Pages-HasMore': done ? 'false' : 'true',
        'X-Pages-NextPage': `${server.origin}/api/items.json?${next}`,
      })(res, req);
    };
    const { client, seen, server } = await clientOf([page], { rateLimit: false });
    await expect(client.listItems()).rejects.toMatchObject({
      code: 'bad_response',
      message: expect.stringMatching(/while listing products/),
    });
    expect(seen.length).toBeLessThanOrEqual(3);
  });

  it('gives up after the page cap when every link is new', async () => {
    // Each page brings a new product too, so only the page cap can end the listing.
    const endless: Reply = (res, req) =>
      json(200, [{ ...item, id: seen.length, code: `prod_${seen.length}` }], {
        'X-Pages-HasMore': seen.length >= 50 ? 'false' : 'true',
        'X-Pages-NextPage': `${server.origin}/api/items.json?p=${seen.length + 1}`,
      })(res, req);
    const { client, seen, server } = await clientOf([endless], { rateLimit: false, maxPages: 5 });
    await expect(client.listItems()).rejects.toMatchObject({
      code: 'bad_response',
      message: expect.stringMatching(/more than 5 pages while listing products/),
    });
    expect(seen).toHaveLength(5);
  });
});

describe('an answer far larger than any real one', () => {
  it('is cut off at the cap after one request and reported as such', async () => {
    const total = 40 * 1024 * 1024;
    let written = 0;
    const huge: Reply = (res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = () => {
        while (written < total && !res.destroyed) {
          written += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      res.on('close', () => res.removeAllListeners('drain'));
      pump();
    };
    const { client, seen } = await clientOf([huge], {
      rateLimit: false,
      maxBodyBytes: 1024 * 1024,
    });
    await expect(within(30_000, client.listItems())).resolves.toMatchObject({
      code: 'bad_response',
      message: expect.stringMatching(/answer to GET items was larger than 1 MiB/),
    });
    expect(seen).toHaveLength(1);
    // Socket buffers absorb a little more than the cap, nothing like the whole 40 MiB.
    expect(written).toBeLessThan(16 * 1024 * 1024);
  });
});
