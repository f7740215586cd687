// The remote fingerprint lookup against session lists shaped like the real Quaderno's.
import { describe, expect, it } from 'vitest';
import { REMOTE_LOOKUP_PAGES, findOpenByFingerprint } from '../../../main/links/remote-lookup';
import { fakeQuaderno, json, type Reply } from '../../support/fake-quaderno';

const session = (id: number, fingerprint = `other-${id}`) => ({
  id,
  status: 'pending',
  permalink: `https://acme.quadernoapp.com/checkout/session/${String(id).padStart(40, '0')}`,
  items: [{ product: 'prod_a', quantity: 1, amount: 2100.0, currency: 'EUR' }],
  metadata: { console_fingerprint: fingerprint },
});

const oldestFirst = (count: number, last: string) =>
  Array.from({ length: count }, (_, i) => session(i + 1, i + 1 === count ? last : undefined));

/** A page whose next-page link (p=`next`) is on the server that answers it. */
function page(items: unknown[], next?: number): Reply {
  return (res, req) => {
    const headers: Record<string, string> = next
      ? {
          'X-Pages-HasMore': 'true',
          'X-Pages-NextPage': `http://${req.headers.host}/api/checkout/sessions.json?p=${next}`,
        }
      : {};
    json(200, items, headers)(res, req);
  };
}

const unpaced = (replies: Reply[]) => fakeQuaderno(replies, { rateLimit: false });

describe('the remote fingerprint lookup', () => {
  it('finds the newest session in a whole oldest-first list that ignored limit, in one call', async () => {
    const { client, seen } = await unpaced([json(200, oldestFirst(120, 'fp-lost'))]);

    const found = await findOpenByFingerprint(client, 'fp-lost');

    expect(found?.id).toBe(120);
    expect(seen).toHaveLength(1);
  });

  it('follows an oldest-first list to its last page to find the newest session', async () => {
    const all = oldestFirst(6, 'fp-lost');
    const { client } = await unpaced([
      page(all.slice(0, 2), 2),
      page(all.slice(2, 4), 3),
      page(all.slice(4, 6)),
    ]);

    const found = await findOpenByFingerprint(client, 'fp-lost');

    expect(found?.id).toBe(6);
  });

  it('stops when the next-page links bring nothing new, and within its page bound', async () => {
    // Every call, whatever it asks, gets the same three sessions and a link to "page 2".
    const { client, seen } = await unpaced([page(oldestFirst(3, 'fp-other'), 2)]);

    const found = await findOpenByFingerprint(client, 'fp-lost');

    expect(found).toBeNull();
    expect(seen.length).toBeLessThanOrEqual(REMOTE_LOOKUP_PAGES);
  });

  it('reports a next-page link to another server instead of answering "none"', async () => {
    const items = oldestFirst(2, 'fp-other');
    const { client, seen } = await unpaced([
      json(200, items, {
        'X-Pages-HasMore': 'true',
        'X-Pages-NextPage': 'https://elsewhere.example/api/checkout/sessions.json?p=2',
      }),
    ]);

    await expect(findOpenByFingerprint(client, 'fp-lost')).rejects.toThrow(/another server/);
    expect(seen).toHaveLength(1);
  });
});
