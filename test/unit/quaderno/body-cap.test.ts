import { describe, expect, it } from 'vitest';
import { fakeQuaderno, json, raw, type Reply } from '../../support/fake-quaderno';

const session = { id: 7, status: 'pending', permalink: 'https://x/checkout/session/ab', items: [] };

const cappedClient = (reply: Reply, cap: number) =>
  fakeQuaderno([reply], { rateLimit: false, maxBodyBytes: cap, backoff: { baseMs: 1, maxMs: 2 } });

describe('the size cap on answers', () => {
  it('reads an answer under the cap as usual', async () => {
    const { client } = await cappedClient(json(200, session), 4096);
    await expect(client.getSession(7)).resolves.toMatchObject({ id: 7 });
  });

  it('refuses an answer announced larger than the cap, once, naming the endpoint and the cap', async () => {
    const { client, seen } = await cappedClient(raw(200, 'x'.repeat(3000)), 2048);
    await expect(client.getSession(7)).rejects.toMatchObject({
      code: 'bad_response',
      message: expect.stringMatching(
        /^Quaderno's answer to GET checkout\/sessions\/7 was larger than 2 KiB; .*Try again later/,
      ),
    });
    expect(seen).toHaveLength(1);
  });

  it('cuts off a streamed answer without a length once it passes the cap', async () => {
    const { client, seen } = await cappedClient((res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      // Valid JSON padded with whitespace: only the size is wrong with it.
      for (let i = 0; i < 10; i++) res.write(' '.repeat(1024));
      res.end(JSON.stringify(session));
    }, 4096);
    await expect(client.getSession(7)).rejects.toMatchObject({
      code: 'bad_response',
      message: expect.stringMatching(/larger than 4 KiB/),
    });
    expect(seen).toHaveLength(1);
  });
});
