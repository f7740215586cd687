import { describe, expect, it } from 'vitest';
import { fakeQuaderno, json, type Reply } from '../../support/fake-quaderno';

const item = (id: number) => ({
  id,
  code: `prod_${id}`,
  name: `Item ${id}`,
  description: null,
  unit_cost: '10.0',
  currency: 'eur',
  kind: 'one_off',
});

const itemsClient = (replies: Reply[]) => fakeQuaderno(replies, { rateLimit: false });

describe('following next-page links', () => {
  it('collects every page of products, sending the key on each', async () => {
    let origin = '';
    const { client, server } = await itemsClient([
      (res, req) =>
        json(200, [item(3), item(2)], {
          'X-Pages-HasMore': 'true',
          'X-Pages-NextPage': `${origin}/api/items.json?limit=2&created_before=2`,
        })(res, req),
      json(200, [item(1)], { 'X-Pages-HasMore': 'false' }),
    ]);
    origin = server.origin;
    const items = await client.listItems();
    expect(items.map((i) => i.id)).toEqual([3, 2, 1]);
    expect(items[0]?.currency).toBe('EUR');
    expect(server.seen.map((r) => r.url)).toEqual([
      '/api/items.json?limit=100',
      '/api/items.json?limit=2&created_before=2',
    ]);
    expect(server.seen.every((r) => r.headers.authorization?.startsWith('Basic '))).toBe(true);
  });

  it('refuses to follow a next-page link to another server, so the key never leaves', async () => {
    const { client, server } = await itemsClient([
      json(200, [item(3)], {
        'X-Pages-HasMore': 'true',
        'X-Pages-NextPage': 'http://127.0.0.2:9/api/items.json?created_before=3',
      }),
    ]);
    await expect(client.listItems()).rejects.toMatchObject({
      code: 'bad_response',
      message: expect.stringMatching(/GET items: the next-page link points to another server/),
    });
    expect(server.seen).toHaveLength(1);
  });

  // Issue 11: Quaderno may not honour its own paging, so a flag without a link ends the listing.
  it('ends a listing that announces more pages without a link with what it read, in one call', async () => {
    const { client, server } = await itemsClient([
      json(200, [item(3)], { 'X-Pages-HasMore': 'true' }),
    ]);
    expect((await client.listItems()).map((i) => i.code)).toEqual(['prod_3']);
    expect(server.seen).toHaveLength(1);
  });

  it('stops instead of looping when the next page is the same page', async () => {
    let origin = '';
    const { client, server } = await itemsClient([
      (res, req) =>
        json(200, [item(3)], {
          'X-Pages-HasMore': 'true',
          'X-Pages-NextPage': `${origin}${req.url}`,
        })(res, req),
    ]);
    origin = server.origin;
    await expect(client.listItems()).rejects.toMatchObject({ code: 'bad_response' });
    expect(server.seen.length).toBeLessThanOrEqual(2);
  });

  it('stops when a new-looking next-page link brings only products already read', async () => {
    let origin = '';
    let calls = 0;
    const { client, server } = await itemsClient([
      (res, req) =>
        json(200, [item(3), item(2)], {
          'X-Pages-HasMore': 'true',
          'X-Pages-NextPage': `${origin}/api/items.json?p=2&r=${(calls += 1)}`,
        })(res, req),
    ]);
    origin = server.origin;
    await expect(client.listItems()).rejects.toMatchObject({ code: 'bad_response' });
    expect(server.seen).toHaveLength(2);
  });

  it('treats a missing HasMore header as the last page', async () => {
    const { client } = await itemsClient([json(200, [item(1)])]);
    expect(await client.listItems()).toHaveLength(1);
  });

  it('rejects a page link from another account before calling', async () => {
    const { client, server } = await itemsClient([json(200, [])]);
    await expect(
      client.listSessionsPage({ page: 'https://evil.example/api/checkout/sessions.json' }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    expect(server.seen).toHaveLength(0);
  });
});
