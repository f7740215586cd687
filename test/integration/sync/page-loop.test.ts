// A server whose next-page links go round in circles must not hold sync forever.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createQuadernoClient } from '../../../main/quaderno';
import { startSandbox } from '../../../main/sandbox';
import { createSync } from '../../../main/sync';
import { useCleanups } from '../../support/cleanups';
import { useTempDir } from '../../support/temp-dir';
import { openStoreWithAccount } from '../../support/test-store';
import { sessions } from './helpers';
import { suiteProfile } from '../../support/sandbox-profiles';

const tmp = useTempDir();
const cleanups = useCleanups();

/**
 * Forwards to the sandbox, but every session list says more pages exist, linking p=1 → p=2 → p=1
 * (with a different `r` each time when `fresh`). Counts the list calls it answered.
 */
async function loopingProxy(
  target: string,
  fresh = false,
): Promise<{ apiUrl: string; listCalls: () => number }> {
  let listCalls = 0;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const isList = /\/checkout\/sessions(\.json)?$/.test(url.pathname);
    fetch(new URL(`${url.pathname}${url.search}`, target), {
      method: req.method ?? 'GET',
      headers: { authorization: req.headers.authorization ?? '' },
    })
      .then(async (answer) => {
        const body = await answer.text();
        const headers: Record<string, string> = { 'Content-Type': 'application/json' };
        if (isList) {
          listCalls += 1;
          const next = url.searchParams.get('p') === '2' ? '1' : '2';
          const self = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
          headers['X-Pages-HasMore'] = 'true';
          const noise = fresh ? `&r=${listCalls}` : '';
          headers['X-Pages-NextPage'] = `${self}/api/checkout/sessions.json?p=${next}${noise}`;
        }
        res.writeHead(answer.status, headers).end(body);
      })
      .catch(() => res.writeHead(502).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.defer(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const port = (server.address() as AddressInfo).port;
  return { apiUrl: `http://127.0.0.1:${port}/api/`, listCalls: () => listCalls };
}

/** Two paid sessions behind a looping proxy; one sync run, and how it ended. */
async function syncBehindLoop(fresh: boolean): Promise<{ outcome: unknown; listCalls: number }> {
  const sb = await startSandbox({
    rateLimit: { limit: 100_000, windowMs: 1000 },
    profile: suiteProfile(),
  });
  cleanups.defer(() => sb.close());
  await sessions(sb, 2);
  const proxy = await loopingProxy(sb.origin, fresh);
  const { store, accountId } = openStoreWithAccount(tmp.file('console.sqlite'), {
    name: 'loop',
    apiUrl: proxy.apiUrl,
    kind: 'test',
  });
  cleanups.defer(() => store.close());
  const client = createQuadernoClient({
    apiUrl: proxy.apiUrl,
    apiKey: sb.apiKey,
    rateLimit: false,
  });
  const sync = createSync({ client, store, accountId });
  const outcome = await sync.run().then(
    () => null,
    (e: unknown) => e,
  );
  return { outcome, listCalls: proxy.listCalls() };
}

describe('sync against next-page links that loop', () => {
  it('stops at the first page link it has followed before and says why', async () => {
    const { outcome, listCalls } = await syncBehindLoop(false);
    expect(String(outcome)).toMatch(/led back to a page already read/);
    // First page, p=2, p=1, then the link back to p=2 is refused: 3 list calls, not thousands.
    // The other statuses are still read (each an empty page here), so one more call each.
    expect(listCalls).toBeLessThanOrEqual(3 + 4);
  });

  it('stops when a page brings no session it has not read already, even behind new links', async () => {
    const { outcome, listCalls } = await syncBehindLoop(true);
    expect(String(outcome)).toMatch(/led back to a page already read/);
    // First page, then p=2 with only sessions already read: 2 list calls, not thousands; and
    // one empty page for each other status.
    expect(listCalls).toBeLessThanOrEqual(2 + 4);
  });
});
