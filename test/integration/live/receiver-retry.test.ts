// A receiver that could not start tries again when the merchant changes the settings it
// pointed them to, and it does not wait on a webhook to catch up on sales.
import { createServer, type AddressInfo, type Server } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { Fulfillment } from '../../../preload/contract';
import { valueOf } from '../../../main/commands/output';
import type { CheckoutConsole, ConsoleOptions } from '../../../main/console';
import type { Sandbox } from '../../../main/sandbox';
import { freePort as closedPort, liveStatus as status, useRig } from '../../support/live-rig';
import { useTempDir } from '../../support/temp-dir';
import { sessions, waitFor } from '../sync/helpers';
import { suiteProfile } from '../../support/sandbox-profiles';

const tmp = useTempDir();
const rig = useRig(tmp);
const sandbox = () =>
  rig.sandbox({ rateLimit: { limit: 100_000, windowMs: 1000 }, profile: suiteProfile() });
const open = (sb: Sandbox, live: ConsoleOptions['live'] = {}): Promise<CheckoutConsole> =>
  rig.console(sb, { live });

async function occupiedPort(): Promise<number> {
  const server: Server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  rig.later(() => new Promise<void>((r) => server.close(() => r())));
  return (server.address() as AddressInfo).port;
}

describe('receiver retry and catch-up', { timeout: 90_000 }, () => {
  it('starts the receiver once the merchant saves a free port after a port in use', async () => {
    const sb = await sandbox();
    const taken = await occupiedPort();
    // The port is saved first, as the merchant would have done in an earlier session.
    const first = await open(sb, { autoStart: false });
    valueOf(await first.call('settings.update', { receiverPort: taken }));
    await first.close();

    const cc = await open(sb);
    const failed = await status(cc);
    expect(failed.receiver.state).toBe('error');
    expect(failed.receiver.error).toContain(`Port ${taken} is already in use`);

    valueOf(await cc.call('settings.update', { receiverPort: 0 }));

    const listening = await waitFor('the receiver to listen', async () => {
      const s = await status(cc);
      return s.receiver.state === 'listening' && s;
    });
    expect(listening.receiver.error).toBeNull();
    expect(listening.receiver.port).not.toBe(taken);
  });

  it('records a sale by sync while the tunnel cannot be reached', async () => {
    const sb = await sandbox();
    const [id] = await sessions(sb, 1);
    const host = `http://127.0.0.1:${await closedPort()}`;

    const cc = await open(sb, {
      override: { tunnel: { host } },
      tunnelTimings: { probeIntervalMs: 300, backoff: { baseMs: 200, maxMs: 1000 } },
    });

    const sale = await waitFor('the sale to be recorded', async () => {
      const page = valueOf<{ items: Fulfillment[] }>(
        await cc.call('fulfillments.list', { limit: 10 }),
      );
      return page.items.find((f) => f.sessionId === id);
    });
    expect(sale).toMatchObject({ source: 'sync', customerEmail: 'buyer0@example.com' });
    const s = await status(cc);
    expect(s.webhook.state).not.toBe('registered');
  });
});
