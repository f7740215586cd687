// `listen`, `sync` and `fulfillments` as real processes against an in-process sandbox.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { suiteProfile } from '../../support/sandbox-profiles';
import type { Sandbox } from '../../../main/sandbox';
import { useRig } from '../../support/live-rig';
import { collect, type Finished } from '../../support/run-process';
import { useTempDir } from '../../support/temp-dir';
import { fastClient, sessions, waitFor } from '../sync/helpers';

const BIN = 'bin/checkout-console.js';
const tmp = useTempDir();
const rig = useRig(tmp);

function env(sb: Sandbox): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: tmp.path,
    CHECKOUT_CONSOLE_API_URL: sb.apiUrl,
    CHECKOUT_CONSOLE_API_KEY: sb.apiKey,
  };
}

function start(sb: Sandbox, args: string[]): ChildProcessWithoutNullStreams {
  const child = spawn(process.execPath, [BIN, '--data-dir', tmp.path, ...args], { env: env(sb) });
  rig.later(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  return child;
}

function run(sb: Sandbox, args: string[]): Promise<Finished> {
  return collect(start(sb, args));
}

interface Line {
  event: string;
  data: Record<string, unknown> & { webhook?: { state: string }; sessionId?: number };
}

describe('CLI live commands', { timeout: 120_000 }, () => {
  it('listen --json prints one JSON object per line, including the paid session, and stops on SIGTERM', async () => {
    const sb = await rig.sandbox({ profile: suiteProfile() });
    const child = start(sb, ['listen', '--json']);
    const lines: Line[] = [];
    const raw: string[] = [];
    createInterface({ input: child.stdout }).on('line', (text) => {
      raw.push(text);
      lines.push(JSON.parse(text) as Line);
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const exited = new Promise<number | null>((r) => child.once('close', r));

    await waitFor(
      'the webhook to be registered',
      () =>
        lines.some((l) => l.event === 'receiver.status' && l.data.webhook?.state === 'registered'),
      60_000,
    ).catch((e: Error) => {
      throw new Error(`${e.message}\nstdout: ${raw.join('\n')}\nstderr: ${stderr}`);
    });
    const [id] = await sessions(sb, 1);
    const sale = await waitFor('the sale line', () =>
      lines.find((l) => l.event === 'fulfillment' && l.data.sessionId === id),
    );
    child.kill('SIGTERM');

    expect(await exited).toBe(0);
    expect(stderr).toContain('Stopped.');
    expect(sale.data).toMatchObject({ sessionId: id, source: 'webhook', currency: 'EUR' });
    expect(sale.data.customerEmail).toBe('buyer0@example.com');
    expect(raw.every((text) => text.startsWith('{') && text.endsWith('}'))).toBe(true);
  });

  it('listen without --json prints a status line and a readable line per sale', async () => {
    const sb = await rig.sandbox({ profile: suiteProfile() });
    const child = start(sb, ['listen']);
    const lines: string[] = [];
    createInterface({ input: child.stdout }).on('line', (text) => lines.push(text));
    const exited = new Promise<number | null>((r) => child.once('close', r));

    await waitFor(
      'the registered status line',
      () => lines.some((l) => /webhook registered #\d+/.test(l)),
      60_000,
    );
    const [id] = await sessions(sb, 1);
    const sale = await waitFor('the sale line', () => lines.find((l) => l.startsWith('sale #')));
    child.kill('SIGINT');

    expect(await exited).toBe(0);
    expect(sale).toContain('buyer0@example.com');
    expect(sale).toContain(`session ${id}, webhook`);
    expect(lines).toContain('Listening for sales. Press Ctrl+C to stop.');
  });

  it('sync --json records sales missed while nothing listened; fulfillments --json lists them', async () => {
    const sb = await rig.sandbox({ profile: suiteProfile() });
    const paid = await sessions(sb, 3);

    const synced = await run(sb, ['sync', '--json']);
    expect(synced.stderr).toBe('');
    expect(synced.code).toBe(0);
    expect(JSON.parse(synced.stdout)).toMatchObject({
      fulfillmentsAdded: 3,
      webhookRecreated: false,
    });
    // One-shot commands never register a webhook: nothing would be listening for it.
    expect(await fastClient(sb).listWebhooks()).toEqual([]);

    const again = await run(sb, ['sync', '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ fulfillmentsAdded: 0, apiCalls: 5 });

    const listed = await run(sb, ['fulfillments', '--json']);
    expect(listed.code).toBe(0);
    const page = JSON.parse(listed.stdout) as {
      total: number;
      items: Array<{ sessionId: number; source: string }>;
    };
    expect(page.total).toBe(3);
    expect(page.items.map((f) => f.sessionId).sort()).toEqual([...paid].sort());
    expect(page.items.every((f) => f.source === 'sync')).toBe(true);

    const text = await run(sb, ['fulfillments']);
    expect(text.stdout).toMatch(/buyer0@example\.com/);
    expect(text.stdout.split('\n')[0]).toMatch(
      /^ID\s+RECEIVED\s+CUSTOMER\s+AMOUNT\s+STATUS\s+SOURCE/,
    );
  });

  it('listen exits 1 and names the port when --port is taken', async () => {
    const sb = await rig.sandbox({ profile: suiteProfile() });
    const busy = createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
    rig.later(() => new Promise<void>((r) => busy.close(() => r())));
    const { port } = busy.address() as AddressInfo;

    const r = await run(sb, ['listen', '--port', String(port)]);

    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`Port ${port} is already in use`);
    // The terminal's words: the flag to change, not the app's Settings screen.
    expect(r.stderr).toContain('Pass another --port');
    expect(r.stderr).not.toContain('Settings');
  });

  it('refuses --tunnel together with --public-url with exit code 2', async () => {
    const sb = await rig.sandbox({ profile: suiteProfile() });
    const r = await run(sb, ['listen', '--tunnel', '--public-url', 'https://shop.example']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/either --tunnel or --public-url/);
  });
});
