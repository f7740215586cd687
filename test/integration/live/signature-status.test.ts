// The live status says which signature scheme the account's deliveries use, from the first
// verified delivery on and again after a restart (the receiver remembers it per account).
import { afterEach, describe, expect, it } from 'vitest';
import type { LiveStatus } from '../../../preload/contract';
import { valueOf } from '../../../main/commands/output';
import { createConsole, type CheckoutConsole } from '../../../main/console';
import { startSandbox, type Sandbox } from '../../../main/sandbox';
import { createMemorySecrets } from '../../../main/secrets';
import { useTempDir } from '../../support/temp-dir';
import { sessions, waitFor } from '../sync/helpers';

const tmp = useTempDir();
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

async function open(sb: Sandbox): Promise<CheckoutConsole> {
  const cc = await createConsole({
    dataDir: tmp.path,
    secrets: createMemorySecrets(),
    env: { CHECKOUT_CONSOLE_API_URL: sb.apiUrl, CHECKOUT_CONSOLE_API_KEY: sb.apiKey },
  });
  cleanups.push(() => cc.close());
  return cc;
}

const status = async (cc: CheckoutConsole) => valueOf<LiveStatus>(await cc.call('live.status', {}));

describe('live status of webhook signatures', { timeout: 90_000 }, () => {
  it('shows the sorted-parameters scheme once a delivery signed that way arrives, and still after a restart', async () => {
    const sb = await startSandbox({
      rateLimit: { limit: 100_000, windowMs: 1000 },
      signatureScheme: 'sorted_params',
    });
    cleanups.push(() => sb.close());
    let cc = await open(sb);
    await waitFor(
      'webhook registered',
      async () => (await status(cc)).webhook.state === 'registered',
    );
    expect((await status(cc)).signatureScheme ?? null).toBeNull();
    await sessions(sb, 1);
    await waitFor('the scheme in the live status', async () => {
      return (await status(cc)).signatureScheme === 'sorted_params';
    });
    await cc.close();
    cc = await open(sb);
    await waitFor('the receiver listening again', async () => {
      return (await status(cc)).receiver.state === 'listening';
    });
    expect((await status(cc)).signatureScheme).toBe('sorted_params');
  });
});
