// Sync against session lists shaped like the real Quaderno's: oldest first, paging parameters
// ignored, entries it cannot read.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { createQuadernoClient } from '../../../main/quaderno';
import { normalizeSession } from '../../../main/quaderno/normalize';
import { createSync } from '../../../main/sync';
import type { Registrar } from '../../../main/webhooks';
import { useCleanups } from '../../support/cleanups';
import { useTempDir } from '../../support/temp-dir';
import { openStoreWithAccount } from '../../support/test-store';

const tmp = useTempDir();
const cleanups = useCleanups();

type Raw = Record<string, unknown> & { id: number; status: string };

const session = (id: number, status = 'completed'): Raw => ({
  id,
  status,
  permalink: `https://acme.quadernoapp.com/checkout/session/${String(id).padStart(40, '0')}`,
  items: [{ product: 'prod_a', quantity: 1, amount: 2100.0, currency: 'EUR' }],
  customer: { email: `buyer${id}@example.com` },
  metadata: {},
});

interface ListServer {
  apiUrl: string;
  sessions: Raw[];
  listCalls: () => number;
}

/**
 * Answers `status` like Quaderno but ignores `limit` and `created_before`; `pageSize` > 0 cuts
 * the list oldest first into pages linked with `p`, `announceMore` says more pages exist without
 * giving a link.
 */
async function listServer(options: {
  pageSize?: number;
  announceMore?: boolean;
  /** Gives the `limit` oldest, with no header saying more exist. */
  honourLimit?: boolean;
  /** What one session's own address answers instead of the session. */
  answers?: Map<number, { status: number; body: unknown }>;
  /** Gives at most this many, oldest first, whatever `limit` asks, with no paging headers. */
  capAt?: number;
  /** With `pageSize`: the next-page link comes without X-Pages-HasMore. */
  linkOnly?: boolean;
  /** With `pageSize`: the next-page link names this host instead of 127.0.0.1. */
  linkHost?: string;
  /** With `pageSize`: every page says more exist and links p=1 → p=2 → p=1, `p` ignored. */
  loopLinks?: boolean;
  /** Text put in place of the JSON string `"@raw@"` in list answers (JSON.stringify cannot write it). */
  rawText?: string;
}) {
  const sessions: Raw[] = [];
  let listCalls = 0;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const self = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const one = /\/checkout\/sessions\/(\d+)(\.json)?$/.exec(url.pathname);
    const answer = one ? options.answers?.get(Number(one[1])) : undefined;
    if (answer) {
      res.writeHead(answer.status, { 'Content-Type': 'application/json' });
      return res.end(JSON.stringify(answer.body));
    }
    if (one) {
      const found = sessions.find((s) => s.id === Number(one[1]));
      res.writeHead(found ? 200 : 404, { 'Content-Type': 'application/json' });
      return res.end(JSON.stringify(found ?? { error: 'Not found' }));
    }
    listCalls += 1;
    const status = url.searchParams.get('status');
    const all = sessions.filter((s) => !status || s.status === status).sort((a, b) => a.id - b.id);
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    let body = all;
    if (options.loopLinks) {
      body = all.slice(0, options.pageSize);
      const p = url.searchParams.get('p') === '2' ? 1 : 2;
      headers['X-Pages-HasMore'] = 'true';
      headers['X-Pages-NextPage'] = `${self}/api/checkout/sessions.json?status=${status}&p=${p}`;
    } else if (options.pageSize) {
      const p = Number(url.searchParams.get('p') ?? '1');
      body = all.slice((p - 1) * options.pageSize, p * options.pageSize);
      if (p * options.pageSize < all.length) {
        if (!options.linkOnly) headers['X-Pages-HasMore'] = 'true';
        const host = options.linkHost ? self.replace('127.0.0.1', options.linkHost) : self;
        headers['X-Pages-NextPage'] =
          `${host}/api/checkout/sessions.json?status=${status}&p=${p + 1}`;
      }
    } else if (options.capAt) {
      body = all.slice(0, options.capAt);
    } else if (options.honourLimit) {
      body = all.slice(0, Number(url.searchParams.get('limit') ?? '25'));
    } else if (options.announceMore) {
      headers['X-Pages-HasMore'] = 'true';
    }
    const text = JSON.stringify(body);
    res
      .writeHead(200, headers)
      .end(options.rawText ? text.replace('"@raw@"', options.rawText) : text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.defer(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const { port } = server.address() as AddressInfo;
  const list: ListServer = {
    apiUrl: `http://127.0.0.1:${port}/api/`,
    sessions,
    listCalls: () => listCalls,
  };
  return list;
}

function syncAgainst(apiUrl: string, options: { pageSize?: number; registrar?: Registrar } = {}) {
  const { store, accountId } = openStoreWithAccount(tmp.file('console.sqlite'), {
    name: 'real',
    apiUrl,
    kind: 'test',
  });
  cleanups.defer(() => store.close());
  const client = createQuadernoClient({ apiUrl, apiKey: 'sk_test_real', rateLimit: false });
  const sync = createSync({
    client,
    store,
    accountId: accountId,
    pageSize: options.pageSize ?? 2,
    ...(options.registrar ? { registrar: options.registrar } : {}),
  });
  const sales = () =>
    store.fulfillments
      .list(accountId, { limit: 100, offset: 0 })
      .items.map((f) => f.sessionId)
      .sort((a, b) => a - b);
  const log = () => store.activity.list(accountId, { limit: 50, offset: 0 }).items;
  /** Links the console made, still pending as far as it knows. */
  const madeLinks = (...ids: number[]) => {
    for (const id of ids)
      store.sessions.upsert(accountId, normalizeSession(session(id, 'pending') as never), {
        origin: 'console',
      });
  };
  const linkStatus = (id: number) => store.sessions.get(accountId, id)?.status;
  return { sync, sales, log, madeLinks, linkStatus };
}

describe('sync against a Quaderno that ignores created_before and limit', () => {
  it('ends the pass with every sale it was given instead of reporting a loop', async () => {
    const server = await listServer({ announceMore: true });
    server.sessions.push(session(11), session(12), session(13));
    const { sync, sales } = syncAgainst(server.apiUrl);

    const result = await sync.run();

    expect(sales()).toEqual([11, 12, 13]);
    expect(result.fulfillmentsAdded).toBe(3);
    // Each status: the first page, then one created_before the server ignored. Not thousands.
    expect(server.listCalls()).toBeLessThanOrEqual(8);
  });

  it('reads a whole oldest-first list without paging headers in one call per status, and one more for a page of one', async () => {
    const server = await listServer({});
    server.sessions.push(session(21), session(22), session(23, 'abandoned'));
    const { sync, sales } = syncAgainst(server.apiUrl);

    await sync.run();

    expect(sales()).toEqual([21, 22]);
    // One per status, and one created_before after the lone abandoned session: a page of one
    // does not tell its order, and nothing said it was the last.
    expect(server.listCalls()).toBe(6);
  });
});

describe('sync against a Quaderno that honours limit, lists oldest first and sends no paging headers', () => {
  it('reads a full page as maybe more, and asks about the links it made one by one', async () => {
    const server = await listServer({ honourLimit: true });
    // The console made links 53 and 54; their payments' webhooks never came.
    server.sessions.push(session(51), session(52), session(53), session(54));
    const { sync, sales, madeLinks, linkStatus } = syncAgainst(server.apiUrl);
    madeLinks(53, 54);

    await sync.run();

    // The list gave the 2 oldest and nothing said more exist: the links were read one by one.
    expect(sales()).toEqual([51, 52, 53, 54]);
    expect(linkStatus(54)).toBe('completed');
  });
});

describe('sync asking about one link that Quaderno answers with an error', () => {
  it('marks a link answered 410 gone, names an unreadable one, and reads the rest', async () => {
    const answers = new Map([
      [63, { status: 410, body: { error: 'Gone' } }],
      [62, { status: 200, body: { id: 62, status: 'completed' } }],
    ]);
    const server = await listServer({ announceMore: true, answers });
    server.sessions.push(session(61), session(64));
    const { sync, sales, log, madeLinks, linkStatus } = syncAgainst(server.apiUrl);
    madeLinks(61, 62, 63);

    const result = await sync.run();

    expect(result.sessionsSeen).toBeGreaterThan(0);
    expect(sales()).toEqual([61, 64]);
    expect(linkStatus(63)).toBe('deleted');
    expect(linkStatus(62)).toBe('pending');
    const named = log().filter((e) => e.kind === 'unreadable');
    expect(named.map((e) => e.message)).toEqual([expect.stringContaining('"62"')]);
  });
});

describe('sync against an oldest-first list with next-page links', () => {
  it('finds a new sale on the last page although the first page is all known', async () => {
    const server = await listServer({ pageSize: 2 });
    server.sessions.push(session(31), session(32), session(33));
    const { sync, sales } = syncAgainst(server.apiUrl);
    await sync.run();

    server.sessions.push(session(34), session(35));
    await sync.run();

    expect(sales()).toEqual([31, 32, 33, 34, 35]);
  });
});

describe('sync against a list with an entry it cannot read', () => {
  it('records the others and names the unreadable one in the Activity log, once over two runs', async () => {
    const server = await listServer({});
    server.sessions.push(session(41), { id: 42, status: 'completed' }, session(43));
    const { sync, sales, log } = syncAgainst(server.apiUrl);

    await sync.run();
    await sync.run();

    expect(sales()).toEqual([41, 43]);
    const named = log().filter((e) => e.kind === 'unreadable');
    expect(named.map((e) => e.message)).toEqual([expect.stringContaining('"42"')]);
  });
});

describe('sync against lists that page in ways the console did not ask for', () => {
  it('reads on past a short page without paging headers: the server may have capped it', async () => {
    // 100 asked, 3 given (the server's own page size), oldest first, nothing saying more exist.
    const server = await listServer({ capAt: 3 });
    server.sessions.push(session(71), session(72), session(73), session(74), session(75));
    const { sync, sales, madeLinks, linkStatus } = syncAgainst(server.apiUrl, { pageSize: 100 });
    madeLinks(75);

    await sync.run();

    // 74 was not made here and the server never lists it: only the console's own link is found.
    expect(sales()).toEqual([71, 72, 73, 75]);
    expect(linkStatus(75)).toBe('completed');
  });

  it('follows a next-page link that comes without X-Pages-HasMore', async () => {
    const server = await listServer({ pageSize: 2, linkOnly: true });
    server.sessions.push(session(81), session(82), session(83), session(84), session(85));
    const { sync, sales } = syncAgainst(server.apiUrl, { pageSize: 2 });

    await sync.run();

    expect(sales()).toEqual([81, 82, 83, 84, 85]);
  });

  it('keeps the page it has when the next-page link names another host, and never follows it', async () => {
    const server = await listServer({ pageSize: 2, linkHost: 'localhost' });
    server.sessions.push(session(91), session(92), session(93), session(94));
    const { sync, sales, madeLinks } = syncAgainst(server.apiUrl, { pageSize: 2 });
    madeLinks(94);

    await sync.run();

    // 91 and 92 from the page in hand, 94 asked about as the console's own link; 93 is behind
    // the link that was not followed.
    expect(sales()).toEqual([91, 92, 94]);
  });

  it('names a session it cannot convert and records the rest of its page', async () => {
    const server = await listServer({});
    const odd = session(102);
    odd.items = [{ product: 'prod_a', quantity: 1, amount: 2100, currency: '' }];
    server.sessions.push(session(101), odd, session(103));
    const { sync, sales, log } = syncAgainst(server.apiUrl, { pageSize: 100 });

    await sync.run();

    expect(sales()).toEqual([101, 103]);
    const named = log().filter((e) => e.kind === 'unreadable');
    expect(named.map((e) => e.message)).toEqual([expect.stringContaining('"102"')]);
  });

  it('names a session whose items mix currencies instead of recording EUR and USD added up', async () => {
    const server = await listServer({});
    const mixed = session(112);
    mixed.items = [
      { product: 'prod_a', quantity: 1, amount: 2100, currency: 'EUR' },
      { product: 'prod_b', quantity: 1, amount: 500, currency: 'USD' },
    ];
    server.sessions.push(session(111), mixed, session(113));
    const { sync, sales, log } = syncAgainst(server.apiUrl, { pageSize: 100 });

    await sync.run();

    expect(sales()).toEqual([111, 113]);
    const named = log().filter((e) => e.kind === 'unreadable');
    expect(named.map((e) => e.message)).toEqual([
      expect.stringMatching(/"112".*EUR and USD|EUR and USD.*"112"/),
    ]);
  });

  it('records a sale whose metadata nests deeper than the store can write, keeping its top-level keys', async () => {
    // 10,000 levels (60 KB): JSON.parse reads it, JSON.stringify (the store's) overflows.
    const deep = '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000);
    const server = await listServer({ rawText: deep });
    const odd = session(122);
    odd.metadata = { console_fingerprint: 'fp-122', note: 'kept', nested: '@raw@' };
    server.sessions.push(session(121), odd, session(123));
    const { sync, sales } = syncAgainst(server.apiUrl, { pageSize: 100 });

    await sync.run();

    expect(sales()).toEqual([121, 122, 123]);
    const read = normalizeSession(JSON.parse(JSON.stringify(odd).replace('"@raw@"', deep)));
    expect(read.metadata).toEqual({ console_fingerprint: 'fp-122', note: 'kept' });
    expect(read.fingerprint).toBe('fp-122');
  });

  it('still asks about its links and checks the webhook when a listing loops, then reports the loop', async () => {
    const server = await listServer({ pageSize: 2, loopLinks: true });
    server.sessions.push(session(111), session(112), session(113));
    const verify = vi.fn(async () => ({ webhookId: 1, url: 'https://x.example', recreated: true }));
    const registrar = { verify } as unknown as Registrar;
    const { sync, sales, madeLinks } = syncAgainst(server.apiUrl, { pageSize: 2, registrar });
    madeLinks(113);

    await expect(sync.run()).rejects.toThrow(/led back to a page already read/);

    expect(verify).toHaveBeenCalledTimes(1);
    expect(sales()).toEqual([111, 112, 113]);
  });
});

describe('sync while one listing keeps failing', () => {
  it('moves the turn of older open links on from run to run, so an old paid link is found', async () => {
    // Every list loops (a bad_response each run); 26 links the console made, the oldest paid.
    const server = await listServer({ pageSize: 2, loopLinks: true });
    server.sessions.push(session(101), session(102));
    const links = Array.from({ length: 26 }, (_, i) => 200 + i);
    for (const id of links) server.sessions.push(session(id, 'pending'));
    const { sync, sales, madeLinks } = syncAgainst(server.apiUrl, { pageSize: 2 });
    madeLinks(...links);
    const paid = server.sessions.find((s) => s.id === 200);
    if (paid) paid.status = 'completed';

    // Each run asks about the 10 newest open links and 10 older ones in turn: the 16 below the
    // newest 10 are all asked about within two runs, failing listing or not.
    for (let run = 0; run < 2; run++) {
      await expect(sync.run()).rejects.toThrow(/led back to a page already read/);
    }

    expect(sales()).toEqual([101, 102, 200]);
  });
});
