import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { consoleErrorOf } from '../../support/console-error-of';
import { addFault, calls, clientFor, sandbox, urls } from './helpers';

const create = (product: string) => ({ items: [{ product }], ...urls });

describe('faults injected by the sandbox', () => {
  it('a GET that meets 503s is retried until it succeeds', async () => {
    const sb = await sandbox();
    const client = clientFor(sb);
    await addFault(sb, { path: '/api/items', method: 'GET', status: 503, times: 2 });
    const items = await client.listItems();
    expect(items.length).toBeGreaterThan(0);
    expect(calls(sb, 'GET', '/api/items').map((r) => r.status)).toEqual([503, 503, 200]);
  });

  it('a GET that keeps failing gives up with server_error after the retries', async () => {
    const sb = await sandbox();
    const client = clientFor(sb, { maxRetries: 2 });
    await addFault(sb, { path: '/api/ping', status: 502, times: 10 });
    const error = await consoleErrorOf(client.ping());
    expect(error).toMatchObject({ code: 'server_error', status: 502 });
    expect(calls(sb, 'GET', '/api/ping')).toHaveLength(3);
  });

  it('a create that meets a 503 is not retried: exactly one create reached the sandbox', async () => {
    const sb = await sandbox();
    const client = clientFor(sb);
    const [item] = await client.listItems();
    await addFault(sb, { path: '/api/checkout/sessions', method: 'POST', status: 503 });
    const error = await consoleErrorOf(client.createSession(create(item!.code!)));
    expect(error).toMatchObject({ code: 'server_error', status: 503 });
    expect(error.message).toMatch(/may or may not have been created: refresh before trying again/);
    expect(calls(sb, 'POST', '/api/checkout/sessions')).toHaveLength(1);
  });

  it('a dropped create is reported clearly and not retried, though the session exists', async () => {
    const sb = await sandbox();
    const client = clientFor(sb);
    const [item] = await client.listItems();
    await addFault(sb, { path: '/api/checkout/sessions', method: 'POST', drop: true });
    const error = await consoleErrorOf(client.createSession(create(item!.code!)));
    expect(error.code).toBe('offline');
    expect(error.message).toContain(
      `Cannot reach Quaderno at ${sb.origin}. Check your connection.`,
    );
    expect(error.message).toMatch(/may or may not have been created/);
    expect(calls(sb, 'POST', '/api/checkout/sessions')).toHaveLength(1);
    // Why a create is never retried blindly: the dropped call did its work.
    expect((await client.listSessionsPage()).items).toHaveLength(1);
  });

  it('a dropped read is retried and succeeds', async () => {
    const sb = await sandbox();
    const client = clientFor(sb);
    await addFault(sb, { path: '/api/authorization', drop: true });
    await expect(client.authorization()).resolves.toMatchObject({ href: sb.apiUrl });
    expect(calls(sb, 'GET', '/api/authorization')).toHaveLength(2);
  });

  it('a slow read times out and the retry succeeds', async () => {
    const sb = await sandbox();
    const client = clientFor(sb, { timeoutMs: 300 });
    await addFault(sb, { path: '/api/ping', delayMs: 3000 });
    await expect(client.ping()).resolves.toBeUndefined();
    expect(calls(sb, 'GET', '/api/ping').length).toBeGreaterThanOrEqual(1);
  });

  it('a slow create times out once and is not sent again', async () => {
    const sb = await sandbox();
    // Every request the client sends, and its retry waits still running: a retry is either
    // sent before the call settles or waiting its turn when it does.
    const sent: string[] = [];
    let waits = 0;
    const client = clientFor(sb, {
      timeoutMs: 300,
      fetch: (input, init) => {
        sent.push(`${init?.method ?? 'GET'} ${String(input)}`);
        return fetch(input, init);
      },
      sleep: async (ms) => {
        waits += 1;
        await delay(ms);
        waits -= 1;
      },
    });
    const [item] = await client.listItems();
    await addFault(sb, { path: '/api/checkout/sessions', method: 'POST', delayMs: 1500 });
    const error = await consoleErrorOf(client.createSession(create(item!.code!)));
    expect(error.code).toBe('timeout');
    expect(sent.filter((r) => r.startsWith('POST '))).toHaveLength(1);
    expect(waits, 'a retry waiting to be sent').toBe(0);
    // The delay fault is used up: a create sent again would have gone straight through.
    expect(calls(sb, 'POST', '/api/checkout/sessions').filter((r) => r.status === 201)).toEqual([]);
    expect((await client.listSessionsPage()).items).toEqual([]);
  });

  describe('on fake timers', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it('a timed-out create is not sent again by anything it left scheduled', async () => {
      const sb = await sandbox();
      const posts: string[] = [];
      const client = clientFor(sb, {
        timeoutMs: 300,
        fetch: (input, init) => {
          if (init?.method === 'POST') posts.push(String(input));
          return fetch(input, init);
        },
        // On setTimeout, so the retry waits are faked and run below like any other timer.
        sleep: (ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
      });
      const [item] = await client.listItems();
      await addFault(sb, { path: '/api/checkout/sessions', method: 'POST', delayMs: 1500 });
      vi.useFakeTimers({
        toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate'],
      });
      const settled = consoleErrorOf(client.createSession(create(item!.code!)));
      await vi.advanceTimersByTimeAsync(300);
      expect((await settled).code).toBe('timeout');
      // Every timer anything scheduled runs now, retry waits included: a create sent again by
      // any of them, even a plain timer outside the client's clock, is counted.
      await vi.runAllTimersAsync();
      expect(posts).toHaveLength(1);
    });
  });
});
