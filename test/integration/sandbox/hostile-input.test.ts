// What a hostile or careless caller can send the sandbox's HTTP server: it answers with a clear
// error and stays usable, never stores what it then cannot answer.
import { Agent, get } from 'node:http';
import { describe, expect, it } from 'vitest';
import { useCleanups } from '../../support/cleanups';
import { startDribblingServer } from '../../support/dribbling-server';
import { basic, call, createSession, productIn, sandbox, URLS } from './helpers';

const { defer } = useCleanups();

/** `{"a":{"a":…1…}}` with `depth` objects. */
function nested(depth: number): string {
  return '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

describe('sandbox HTTP server under hostile input', () => {
  it('refuses a JSON body nested past 100 levels with 400 (Rails max_nesting), storing nothing, and keeps answering', async () => {
    const sb = await sandbox();
    const product = (await productIn(sb, 'EUR')).code;
    const post = (metadata: string) =>
      fetch(sb.apiUrl + 'checkout/sessions.json', {
        method: 'POST',
        headers: { Authorization: basic(sb.apiKey), 'Content-Type': 'application/json' },
        body: `{"items":[{"product":"${product}"}],"success_url":"${URLS.success_url}","cancel_url":"${URLS.cancel_url}","metadata":${metadata}}`,
      });
    // Far under the 1 MiB body cap, far past what JSON.stringify can write back.
    const deep = await post(nested(100_000));
    expect(deep.status).toBe(400);
    expect(await deep.json()).toEqual({ error: expect.stringContaining('nested') });
    const list = await call(sb, 'GET', 'checkout/sessions.json');
    expect(list.status).toBe(200);
    expect(list.body).toEqual([]);
    // The body object is level 1 and metadata level 2: 99 objects in metadata make 100 levels.
    expect((await post(nested(99))).status).toBe(201);
    expect((await post(nested(100))).status).toBe(400);
    // Brackets inside strings are text, not nesting.
    expect((await post(`{"note":"\\"${'['.repeat(500)}"}`)).status).toBe(201);
  });

  it('answers a checkout-page form past the 1 MiB body cap with 413, not an internal error, and leaves the session payable', async () => {
    const sb = await sandbox();
    const s = await createSession(sb);
    const res = await fetch(s.permalink, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'action=pay&first_name=' + 'a'.repeat(1024 * 1024 + 1),
    });
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('connection')).toBe('close');
    expect(await res.text()).toContain('too large');
    const after = await call(sb, 'GET', `checkout/sessions/${s.id}.json`);
    expect(after.body).toMatchObject({ status: 'pending', customer: { first_name: null } });
  });

  it(
    'refuses a webhook whose URL never finishes its HEAD answer once the 5 s check is over, instead of holding the call',
    {
      timeout: 30_000,
    },
    async () => {
      const sb = await sandbox();
      // A status line, then a header every 100 ms: never idle, so a socket timeout never fires.
      const dribbling = await startDribblingServer(defer);
      const res = await call(sb, 'POST', 'webhooks', {
        url: `http://127.0.0.1:${dribbling.port}/hooks/x`,
        events_types: ['checkout.succeeded'],
      });
      expect(res.status).toBe(422);
      expect(res.body).toEqual({ errors: { url: [expect.stringContaining('no answer within')] } });
      expect((await call(sb, 'GET', 'webhooks')).body).toEqual([]);
    },
  );

  it(
    'keeps its request log bounded (the newest 10,000 calls, long targets cut) against a flood without a key',
    {
      timeout: 120_000,
    },
    async () => {
      const sb = await sandbox();
      const agent = new Agent({ keepAlive: true, maxSockets: 8 });
      defer(() => agent.destroy());
      const hit = (path: string) =>
        new Promise<number>((resolve, reject) => {
          get(sb.apiUrl + path, { agent }, (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          }).on('error', reject);
        });
      expect(await hit('ping?x=' + 'a'.repeat(8000))).toBe(401);
      for (let round = 0; round < 101; round++) {
        await Promise.all(Array.from({ length: 100 }, (_, i) => hit(`ping?n=${round * 100 + i}`)));
      }
      const log = sb.requestLog();
      expect(log.length).toBe(10_000);
      expect(log.at(-1)).toMatchObject({ method: 'GET', status: 401 });
      expect(log.every((r) => r.path.length <= 2048)).toBe(true);
      // The newest are kept: the first hundred went, the last one is there.
      expect(log.some((r) => r.path === '/api/ping?n=10099')).toBe(true);
      expect(log.some((r) => r.path === '/api/ping?n=99')).toBe(false);
    },
  );

  it('closes the connection after refusing an oversized API body, so the next call on it is answered', async () => {
    const sb = await sandbox();
    const post = (mib: number) =>
      fetch(sb.apiUrl + 'checkout/sessions.json', {
        method: 'POST',
        headers: { Authorization: basic(sb.apiKey), 'Content-Type': 'application/json' },
        body: '{"a":"' + 'x'.repeat(mib * 1024 * 1024) + '"}',
      });
    for (const mib of [2, 20]) {
      const refused = await post(mib);
      expect(refused.status).toBe(413);
      expect(refused.headers.get('connection')).toBe('close');
      expect(await refused.json()).toEqual({ error: 'Request body too large' });
    }
    // Before, a pooled connection was left half-read and this call failed with ECONNRESET.
    expect((await call(sb, 'GET', 'ping.json')).status).toBe(200);
  });
});
