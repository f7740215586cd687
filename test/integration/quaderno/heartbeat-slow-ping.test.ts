// The heartbeat against the sandbox, its ping slowed past the client's time limit by an injected
// fault: one slow ping is a moment, not an outage (the merchant would get drafts instead of links
// and the offline banner until the next probe); a Quaderno slow twice in a row is offline.
import { afterEach, describe, expect, it } from 'vitest';
import {
  createConnectivity,
  observeClient,
  type Connectivity,
  type ConnectivityState,
} from '../../../main/connectivity';
import type { Sandbox } from '../../../main/sandbox';
import { consoleErrorOf } from '../../support/console-error-of';
import { addFault, calls, clientFor, sandbox, urls } from './helpers';

const watches: Connectivity[] = [];
afterEach(() => {
  for (const watch of watches.splice(0)) watch.close();
});

/** The heartbeat pinging `sb` every 50 ms through the watched client, as the app wires it. */
function heartbeat(sb: Sandbox) {
  const changes: ConnectivityState[] = [];
  const client = clientFor(sb, { timeoutMs: 300 });
  let watched = client;
  const watch = createConnectivity({
    onChange: (state) => changes.push(state),
    probe: (call) => watched.ping(call),
    heartbeatMs: 50,
    intervalMs: 50,
  });
  watched = observeClient(client, watch.report);
  watches.push(watch);
  return { changes };
}

const pings = (sb: Sandbox) => calls(sb, 'GET', '/api/ping');

describe('the heartbeat against a slow Quaderno', () => {
  it('keeps the merchant online when one ping is slower than the time limit', async () => {
    const sb = await sandbox();
    await addFault(sb, { path: '/api/ping', delayMs: 2_000, times: 1 });
    const { changes } = heartbeat(sb);
    // The heartbeat went on past the slow ping: its second try and later pings were answered.
    await expect.poll(() => pings(sb).length).toBeGreaterThanOrEqual(3);
    expect(changes).toEqual([]);
  });

  it('turns the merchant offline when the ping is slow twice in a row, and back after', async () => {
    const sb = await sandbox();
    await addFault(sb, { path: '/api/ping', delayMs: 2_000, times: 2 });
    const { changes } = heartbeat(sb);
    await expect.poll(() => changes.at(-1)?.online).toBe(true);
    expect(changes[0]).toEqual({
      online: false,
      reason: expect.stringMatching(/did not answer .* in 2 tries/) as unknown,
    });
  });
});

describe("a call in the heartbeat's scope ('reach')", () => {
  it('sends a slow read once more at once and is answered', async () => {
    const sb = await sandbox();
    const client = clientFor(sb, { timeoutMs: 300 });
    await addFault(sb, { path: '/api/authorization', delayMs: 2_000, times: 1 });
    await expect(client.authorization({ retry: 'reach' })).resolves.toMatchObject({
      href: sb.apiUrl,
    });
    await expect.poll(() => calls(sb, 'GET', '/api/authorization').length).toBe(2);
  });

  it('never sends a slow create again: it may have been made', async () => {
    const sb = await sandbox();
    const client = clientFor(sb, { timeoutMs: 300 });
    const [item] = await client.listItems();
    await addFault(sb, { path: '/api/checkout/sessions', method: 'POST', delayMs: 1_500 });
    const create = { items: [{ product: item?.code ?? 'none' }], ...urls };
    const error = await consoleErrorOf(client.createSession(create, { retry: 'reach' }));
    // The fault slows one create only: a second try would have gone through and been answered.
    expect(error).toMatchObject({ code: 'timeout' });
    expect(error.message).toMatch(/may or may not have been created/);
  });
});
