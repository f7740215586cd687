import { describe, expect, it } from 'vitest';
import type { QuadernoClient, QuadernoSession } from '../../../main/quaderno';
import { calls, checkoutAction, clientFor, sandbox, urls } from './helpers';

const roomy = { limit: 10_000, windowMs: 15_000 };

async function createSessions(client: QuadernoClient, count: number): Promise<number[]> {
  const [item] = await client.listItems();
  const ids: number[] = [];
  // A few at a time: concurrency is fine, a burst of 130 sockets on a 2-core box is not.
  for (let i = 0; i < count; i += 10) {
    const batch = Array.from({ length: Math.min(10, count - i) }, () =>
      client.createSession({ items: [{ product: item!.code! }], ...urls }),
    );
    ids.push(...(await Promise.all(batch)).map((s) => s.id));
  }
  return ids;
}

async function all<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of iterable) out.push(x);
  return out;
}

describe('pagination against the sandbox', () => {
  it('listSessions follows the next-page links through more than 100 sessions, newest first', async () => {
    const sb = await sandbox({ rateLimit: roomy });
    const client = clientFor(sb, { rateLimit: roomy });
    const ids = await createSessions(client, 130);

    const listed = await all(client.listSessions());
    expect(listed.map((s) => s.id)).toEqual([...ids].sort((a, b) => b - a));
    expect(calls(sb, 'GET', '/api/checkout/sessions')).toHaveLength(2);

    const small = await all(client.listSessions({ limit: 25 }));
    expect(small).toHaveLength(130);
    expect(calls(sb, 'GET', '/api/checkout/sessions')).toHaveLength(2 + 6);
  });

  it('a caller can stop early without fetching further pages', async () => {
    const sb = await sandbox({ rateLimit: roomy });
    const client = clientFor(sb, { rateLimit: roomy });
    await createSessions(client, 30);
    const seen: QuadernoSession[] = [];
    for await (const s of client.listSessions({ limit: 10 })) {
      seen.push(s);
      if (seen.length === 12) break;
    }
    expect(seen).toHaveLength(12);
    expect(calls(sb, 'GET', '/api/checkout/sessions')).toHaveLength(2);
  });

  it('listSessionsPage exposes one page, its next link, and filters by status', async () => {
    const sb = await sandbox({ rateLimit: roomy });
    const client = clientFor(sb, { rateLimit: roomy });
    const ids = await createSessions(client, 12);
    for (const id of ids.slice(0, 5)) await checkoutAction(sb, id, 'complete');

    const first = await client.listSessionsPage({ limit: 4 });
    expect(first.items.map((s) => s.id)).toEqual(ids.slice(-4).reverse());
    expect(first.hasMore).toBe(true);
    expect(new URL(first.nextPage!).origin).toBe(sb.origin);

    const second = await client.listSessionsPage({ page: first.nextPage! });
    expect(second.items.map((s) => s.id)).toEqual(ids.slice(-8, -4).reverse());

    const older = await client.listSessionsPage({ createdBefore: ids[3]! });
    expect(older.items.map((s) => s.id)).toEqual(ids.slice(0, 3).reverse());
    expect(older).toMatchObject({ hasMore: false, nextPage: null });

    const completed = await all(client.listSessions({ status: 'completed', limit: 2 }));
    expect(completed.map((s) => s.id)).toEqual(ids.slice(0, 5).reverse());
    expect(completed.every((s) => s.status === 'completed')).toBe(true);
  });
});
