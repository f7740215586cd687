// `checkout-console demo` as a newcomer runs it: a real process, its link paid in Chromium.
import { createServer, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox } from '../../../main/sandbox';
import { useBrowser } from '../../support/browser';
import { startCli, type LineProcess } from '../../support/line-process';
import { runCli } from '../../support/run-process';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir();
// The sandbox's own checkout page is all it opens: no renderer to build.
const browser = useBrowser({ renderer: false });
const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

// No DBUS_SESSION_BUS_ADDRESS: like a container, there is no keychain to reach.
function bareEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: tmp.path, ...extra };
}

function demo(args: string[], env = bareEnv()): LineProcess {
  const run = startCli(['--data-dir', tmp.path, 'demo', ...args], env);
  cleanups.push(() => {
    if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
  });
  return run;
}

const isPermalink = (line: string) => /^http:\/\/127\.0\.0\.1:\d+\/checkout\/session\//.test(line);

describe('checkout-console demo', { timeout: 240_000 }, () => {
  it('prints a link whose abandoned visit and then payment in a browser each show up as a line, the sale to deliver, and stops on Ctrl+C', async () => {
    const run = demo([]);
    const permalink = await run.line('the sample link', isPermalink);
    expect(run.stdout.join('\n')).toMatch(/open this checkout link in a browser and pay/i);

    const page = await browser.newPage();
    await page.goto(permalink);
    await page.getByRole('button', { name: 'Abandon' }).click();
    const left = await run.line('the abandoned line', (l) => l.startsWith('abandoned #'));
    expect(left).toContain('ada@example.com');
    expect(left).toContain('the link can still be paid');

    await page.goto(permalink);
    await page.getByRole('button', { name: 'Pay' }).click();
    await page.getByRole('heading', { name: 'Payment complete' }).waitFor();

    const sale = await run.line('the sale line', (l) => l.startsWith('sale #'));
    expect(sale).toContain('ada@example.com');
    expect(sale).toContain('Sourdough Baking Course');
    expect(sale).toContain('to deliver');
    run.child.kill('SIGINT');

    expect(await run.exited).toBe(0);
    expect(run.stderr()).toContain('Stopped.');
    expect(run.stderr()).not.toMatch(/keychain|D-Bus|secret service/i);
  });

  it('a second run in the same data folder shows a link again, keeps one demo account and leaves the active account alone', async () => {
    // The merchant's own account, active in the data folder before any demo runs.
    const shop = await startSandbox();
    cleanups.push(() => shop.close());
    const headless = bareEnv({
      CHECKOUT_CONSOLE_API_URL: shop.apiUrl,
      CHECKOUT_CONSOLE_API_KEY: shop.apiKey,
    });
    const accounts = () =>
      runCli(['--data-dir', tmp.path, 'accounts', '--json'], { env: headless });
    const before = await accounts();
    expect(before.code).toBe(0);

    const links: string[] = [];
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      const run = demo(['--json'], headless);
      const first = await run.line('the demo line', (l) => l.includes('"event":"demo"'));
      const shown = JSON.parse(first) as { data: { permalink: string; dataDir: string } };
      expect(isPermalink(shown.data.permalink)).toBe(true);
      links.push(shown.data.permalink);
      run.child.kill(signal);
      expect(await run.exited).toBe(0);
      expect(run.stdout.every((l) => l.startsWith('{') && l.endsWith('}'))).toBe(true);
    }
    // Nobody paid the first link, so the second run shows the same one.
    expect(links[1]).toBe(links[0]);

    const demoLedger = await runCli(['--data-dir', tmp.file('demo'), 'accounts', '--json'], {
      env: bareEnv(),
    });
    expect(JSON.parse(demoLedger.stdout)).toHaveLength(1);
    const after = await accounts();
    expect(JSON.parse(after.stdout)).toEqual(JSON.parse(before.stdout));
  });

  it('a second demo in the same data folder while one runs says which process to stop', async () => {
    const first = demo([]);
    await first.line('the sample link', isPermalink);

    const second = await runCli(['--data-dir', tmp.path, 'demo'], { env: bareEnv() });

    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`Another checkout-console demo (pid ${first.child.pid})`);
    first.child.kill('SIGINT');
    expect(await first.exited).toBe(0);
  });

  it('names --port in a plain sentence when that port is in use', async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => busy.close(resolve)));
    const { port } = busy.address() as AddressInfo;

    const run = demo(['--port', String(port)]);

    expect(await run.exited).toBe(1);
    expect(run.stderr()).toContain(`Port ${port} is already in use`);
    expect(run.stderr()).toContain('--port');
    expect(run.stderr()).not.toContain('EADDRINUSE');
  });
});
