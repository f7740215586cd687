import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { basic, call, createSession, productIn, sandbox, URLS, type SessionJson } from './helpers';

describe('sandbox pagination', () => {
  it('pages through more than 100 sessions newest first, each id exactly once', async () => {
    const sb = await sandbox({ rateLimit: { limit: 1000, windowMs: 60_000 } });
    const product = await productIn(sb, 'EUR');
    const created: number[] = [];
    for (let i = 0; i < 130; i++) {
      const res = await call(sb, 'POST', 'checkout/sessions.json', {
        items: [{ product: product.code }],
        ...URLS,
      });
      created.push((res.body as SessionJson).id);
    }
    const seen: number[] = [];
    let next: string | null = sb.apiUrl + 'checkout/sessions.json?limit=100';
    let pages = 0;
    while (next) {
      const res: Response = await fetch(next, { headers: { Authorization: basic(sb.apiKey) } });
      const page = (await res.json()) as SessionJson[];
      seen.push(...page.map((s) => s.id));
      pages += 1;
      const hasMore = res.headers.get('x-pages-hasmore');
      next = res.headers.get('x-pages-nextpage');
      if (hasMore === 'false') expect(next).toBeNull();
      else {
        expect(hasMore).toBe('true');
        expect(next).toMatch(new RegExp(`^${sb.origin}/api/checkout/sessions\\.json\\?`));
        expect(new URL(next ?? '').searchParams.get('limit')).toBe('100');
      }
    }
    expect(pages).toBe(2);
    expect(seen).toEqual([...created].reverse());
  });

  it('defaults to 25 per page, caps the limit at 100 and honours created_before', async () => {
    const sb = await sandbox({ rateLimit: { limit: 1000, windowMs: 60_000 } });
    const ids: number[] = [];
    for (let i = 0; i < 30; i++) ids.push((await createSession(sb)).id);
    const first = await call(sb, 'GET', 'checkout/sessions');
    expect((first.body as SessionJson[]).length).toBe(25);
    expect(first.headers.get('x-pages-hasmore')).toBe('true');
    const big = await call(sb, 'GET', 'checkout/sessions?limit=500');
    expect((big.body as SessionJson[]).length).toBe(30);
    expect(big.headers.get('x-pages-hasmore')).toBe('false');
    expect(big.headers.get('x-pages-nextpage')).toBeNull();
    // A limit past any integer is still a number asking for a lot: the cap, as Rails' to_i gives.
    const huge = await call(sb, 'GET', 'checkout/sessions?limit=99999999999999999999');
    expect((huge.body as SessionJson[]).length).toBe(30);
    expect(huge.headers.get('x-pages-hasmore')).toBe('false');
    const past = await call(sb, 'GET', 'checkout/sessions?created_before=99999999999999999999');
    expect((past.body as SessionJson[]).length).toBe(25);
    const pivot = ids[10] ?? 0;
    const older = await call(sb, 'GET', `checkout/sessions.json?created_before=${pivot}&limit=5`);
    expect((older.body as SessionJson[]).map((s) => s.id)).toEqual(ids.slice(5, 10).reverse());
    expect(older.headers.get('x-pages-hasmore')).toBe('true');
  });

  it('paginates products and webhooks the same way', async () => {
    const sb = await sandbox();
    const res = await call(sb, 'GET', 'items.json?limit=2');
    expect((res.body as unknown[]).length).toBe(2);
    expect(res.headers.get('x-pages-hasmore')).toBe('true');
    const hooks = await call(sb, 'GET', 'webhooks.json');
    expect(hooks.body).toEqual([]);
    expect(hooks.headers.get('x-pages-hasmore')).toBe('false');
  });

  it('links the next page on the host the caller used (localhost too), never on another', async () => {
    const sb = await sandbox();
    const viaLocalhost = sb.apiUrl.replace('127.0.0.1', 'localhost');
    const res = await fetch(viaLocalhost + 'items.json?limit=2', {
      headers: { Authorization: basic(sb.apiKey) },
    });
    expect(res.status).toBe(200);
    const next = res.headers.get('x-pages-nextpage') ?? '';
    // Followed with the key attached, the link must stay on the caller's origin (Rails builds it
    // from the request's host); a client checking that refused the 127.0.0.1 link it was given.
    expect(new URL(next).origin).toBe(new URL(viaLocalhost).origin);
    // An absolute-form target naming another host changes nothing: links stay on the sandbox.
    const absolute = await new Promise<string | undefined>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: sb.port,
          path: 'http://elsewhere.example/api/items.json?limit=2',
          headers: { Authorization: basic(sb.apiKey) },
        },
        (answer) => {
          answer.resume();
          resolve(answer.headers['x-pages-nextpage'] as string | undefined);
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(new URL(absolute ?? '').origin).toBe(sb.origin);
  });
});
