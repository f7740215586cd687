import { afterEach, describe, expect, it } from 'vitest';
import { createConsole, type CheckoutConsole } from '../../../main/console';
import { startSandbox, type Sandbox } from '../../../main/sandbox';
import { createMemorySecrets } from '../../../main/secrets';
import type { Events } from '../../../preload/contract';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir();
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

async function open(): Promise<{
  cc: CheckoutConsole;
  seen: Array<Events['connectivity.changed']>;
}> {
  const cc = await createConsole({
    dataDir: tmp.path,
    secrets: createMemorySecrets(),
    env: {},
    live: { autoStart: false },
    connectivityProbeMs: 100,
  });
  cleanups.push(() => cc.close());
  const seen: Array<Events['connectivity.changed']> = [];
  cc.on('connectivity.changed', (state) => seen.push(state));
  return { cc, seen };
}

async function until(check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('connectivity', () => {
  it('goes offline when the built-in sandbox stops, and says why a link cannot be made', async () => {
    const { cc, seen } = await open();
    const account = await cc.call('accounts.useSandbox', {});
    expect(account.ok).toBe(true);
    expect(await cc.call('app.connectivity', {})).toEqual({
      ok: true,
      value: { online: true, reason: null },
    });

    await cc.stopSandbox();
    const products = await cc.call('products.list', {});
    const code = products.ok ? (products.value as Array<{ code: string }>)[0]?.code : undefined;
    const link = await cc.call('links.create', {
      customer: { email: 'ann@example.com' },
      items: [{ product: code ?? 'prod_x' }],
    });
    expect(link.ok ? null : link.error).toMatchObject({ code: 'offline' });
    expect(seen.at(-1)).toMatchObject({
      online: false,
      reason: expect.stringMatching(/sandbox is stopped/),
    });
    const state = await cc.call('app.connectivity', {});
    expect(state.ok && state.value).toMatchObject({ online: false });
    // The catalogue stays readable from SQLite.
    expect(products.ok && (products.value as unknown[]).length).toBeGreaterThan(0);
  });

  it("restarts a stopped sandbox when the merchant asks (the offline banner's Restart sandbox)", async () => {
    const { cc, seen } = await open();
    expect((await cc.call('accounts.useSandbox', {})).ok).toBe(true);
    await cc.stopSandbox();
    expect(seen.at(-1)).toMatchObject({ online: false });

    const restarted = await cc.call('accounts.useSandbox', {});
    expect(restarted.ok ? null : restarted.error).toBeNull();
    await until(() => seen.at(-1)?.online === true);
    const products = await cc.invoke('products.sync', {});
    const code = products[0]?.code ?? 'prod_x';
    const link = await cc.call('links.create', {
      customer: { email: 'ann@example.com' },
      items: [{ product: code }],
    });
    expect(link.ok ? null : link.error).toBeNull();
  });

  it('comes back online by itself once Quaderno answers again', async () => {
    let sandbox: Sandbox = await startSandbox();
    const port = sandbox.port;
    cleanups.push(() => sandbox.close());
    const { cc, seen } = await open();
    const added = await cc.call('accounts.add', {
      account: sandbox.apiUrl,
      apiKey: sandbox.apiKey,
    });
    expect(added.ok).toBe(true);

    const key = sandbox.apiKey;
    await sandbox.close();
    const sync = await cc.call('products.sync', {});
    expect(sync.ok ? null : sync.error.code).toBe('offline');
    expect(seen.at(-1)).toMatchObject({ online: false });

    sandbox = await startSandbox({ port, apiKey: key });
    await until(() => seen.at(-1)?.online === true);
    expect(seen.map((s) => s.online)).toEqual([false, true]);
  });

  it('treats a refused key as an answer, not as being offline', async () => {
    const sandbox = await startSandbox();
    cleanups.push(() => sandbox.close());
    const { cc, seen } = await open();
    const added = await cc.call('accounts.add', {
      account: sandbox.apiUrl,
      apiKey: 'sk_test_wrong',
    });
    expect(added.ok).toBe(false);
    expect(seen).toEqual([]);
  });
});
