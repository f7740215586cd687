// After a full journey (account added, links made and paid, webhooks received, sync, CSV
// export), the API key and every webhook auth key must appear nowhere the console wrote or
// sent: SQLite and its WAL/SHM read as they are, any file in the data folders, logs of the
// console and of a `listen` process, and everything the page was sent over the bridge.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { valueOf } from '../../../main/commands/output';
import { createConsole, DATABASE_FILE } from '../../../main/console';
import { startSandbox, type Sandbox } from '../../../main/sandbox';
import { createMemorySecrets, type SecretStore } from '../../../main/secrets';
import type {
  ActivityItem,
  Envelope,
  Fulfillment,
  LinkResult,
  LiveStatus,
  Product,
} from '../../../preload/contract';
import { startHttpBridge, type BridgedConsole } from '../../support/http-bridge';
import { useTempDir } from '../../support/temp-dir';
import { control, waitFor } from '../sync/helpers';
import { findLeaks, needlesFor, readFolder, type Haystack } from './leak-scan';

const tmp = useTempDir();
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

/** The keychain stand-in, remembering every value it was asked to keep. */
function recordingSecrets(): SecretStore & { stored: string[] } {
  const inner = createMemorySecrets();
  const stored: string[] = [];
  return {
    stored,
    get: (name) => inner.get(name),
    set: async (name, value) => {
      stored.push(value);
      await inner.set(name, value);
    },
    delete: (name) => inner.delete(name),
  };
}

/** Records, as bytes, every reply and event the bridge hands to the page. */
function recordingBridgeConsole(inner: BridgedConsole, sent: string[]): BridgedConsole {
  return {
    call: async (name, input) => {
      const reply = await inner.call(name, input);
      sent.push(JSON.stringify(reply));
      return reply;
    },
    onAny: (listener) =>
      inner.onAny((name, payload) => {
        sent.push(JSON.stringify({ name, payload }));
        listener(name, payload);
      }),
  };
}

/** Captures what the console process itself prints, through console.* or the std streams. */
function captureLogs(): string[] {
  const lines: string[] = [];
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      lines.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
    });
  }
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    vi.spyOn(stream, 'write').mockImplementation(((chunk: unknown, ...rest: never[]) => {
      lines.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString());
      return write(chunk as string, ...rest);
    }) as typeof stream.write);
  }
  return lines;
}

async function authKeys(sb: Sandbox): Promise<string[]> {
  const res = await fetch(new URL('webhooks', sb.apiUrl), {
    headers: { Authorization: `Basic ${Buffer.from(`${sb.apiKey}:x`).toString('base64')}` },
  });
  const hooks = (await res.json()) as Array<{ auth_key: string }>;
  return hooks.map((h) => h.auth_key);
}

/** The page's side of the event stream, raw bytes as they arrive. */
async function openEventStream(url: string, into: Buffer[]): Promise<() => void> {
  const abort = new AbortController();
  const res = await fetch(new URL('__events', url), { signal: abort.signal });
  const reader = res.body!.getReader();
  void (async () => {
    for (;;) {
      const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
      if (done || !value) return;
      into.push(Buffer.from(value));
    }
  })();
  return () => abort.abort();
}

describe('secrets stay secret', { timeout: 120_000 }, () => {
  it('keeps the API key and webhook auth keys out of SQLite, the WAL, files, logs and the page', async () => {
    const apiKey = `sk_test_LeakCanary${randomBytes(12).toString('hex')}`;
    const wrongKey = `sk_test_WrongCanary${randomBytes(12).toString('hex')}`;
    const sb = await startSandbox({ apiKey, rateLimit: { limit: 100_000, windowMs: 1000 } });
    cleanups.push(() => sb.close());
    const seenAuthKeys = new Set<string>();
    const collectAuthKeys = async () => (await authKeys(sb)).forEach((k) => seenAuthKeys.add(k));

    // A headless `listen` with its own data folder registers a second webhook.
    const cliDir = join(tmp.path, 'cli-data');
    const child = spawn(
      process.execPath,
      ['bin/checkout-console.js', '--data-dir', cliDir, 'listen', '--json'],
      {
        env: {
          PATH: process.env.PATH,
          HOME: tmp.path,
          CHECKOUT_CONSOLE_API_URL: sb.apiUrl,
          CHECKOUT_CONSOLE_API_KEY: apiKey,
        },
      },
    );
    const childOut: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => childOut.push(d));
    child.stderr.on('data', (d: Buffer) => childOut.push(d));
    const childExited = new Promise<void>((r) => child.once('close', () => r()));
    cleanups.push(async () => {
      if (child.exitCode === null) child.kill('SIGKILL');
      await childExited;
    });

    const logs = captureLogs();
    const secrets = recordingSecrets();
    const appDir = join(tmp.path, 'app-data');
    const exportsDir = join(appDir, 'exports');
    const cc = await createConsole({
      dataDir: appDir,
      secrets,
      env: {},
      saveFile: async (name, content) => {
        mkdirSync(exportsDir, { recursive: true });
        writeFileSync(join(exportsDir, name), content);
        return join(exportsDir, name);
      },
    });
    cleanups.push(() => cc.close());
    const sent: string[] = [];
    const bridge = await startHttpBridge({
      console: recordingBridgeConsole(cc, sent),
      rendererDir: tmp.path,
      injectBridge: false,
    });
    cleanups.push(() => bridge.close());
    const streamed: Buffer[] = [];
    cleanups.push(await openEventStream(bridge.url, streamed));
    await bridge.waitForEventClients(1);

    const pageReplies: Buffer[] = [];
    const call = async <T>(name: string, input: unknown = {}): Promise<Envelope<T>> => {
      const res = await fetch(new URL(`__rpc/${name}`, bridge.url), {
        method: 'POST',
        body: JSON.stringify(input),
      });
      const bytes = Buffer.from(await res.arrayBuffer());
      pageReplies.push(bytes);
      return JSON.parse(bytes.toString('utf8')) as Envelope<T>;
    };
    const value = async <T>(name: string, input: unknown = {}): Promise<T> =>
      valueOf<T>(await call<T>(name, input));

    // The journey, as the page would drive it.
    const refused = await call('accounts.add', { account: sb.apiUrl, apiKey: wrongKey });
    expect(refused.ok).toBe(false);
    await value('accounts.add', { account: sb.apiUrl, apiKey });
    await waitFor('the webhook to be registered', async () => {
      const s = await value<LiveStatus>('live.status');
      return s.webhook.state === 'registered';
    });
    const [product] = await value<Product[]>('products.list');
    const linkInput = (email: string) => ({
      customer: { email },
      items: [{ product: product!.code }],
    });
    const links: LinkResult[] = [];
    for (const email of ['paid@example.com', 'failed@example.com', 'gone@example.com']) {
      links.push(await value<LinkResult>('links.create', linkInput(email)));
    }
    const again = await value<LinkResult>('links.create', linkInput('paid@example.com'));
    expect(again.reused).toBe(true);
    const moves = ['complete', 'fail', 'abandon'];
    for (const [i, link] of links.entries()) {
      await control(sb, `/__sandbox/checkout/sessions/${link.link.id}/${moves[i]}`);
    }
    const sales = await waitFor('the paid link to become a sale', async () => {
      const list = await value<{ items: Fulfillment[] }>('fulfillments.list');
      return list.items.some((f) => f.source === 'webhook') && list.items;
    });
    await waitFor('the listen process to record the sale', () =>
      Buffer.concat(childOut).toString().includes('"event":"fulfillment"'),
    );
    await waitFor('the three events', async () => {
      const list = await value<{ items: ActivityItem[] }>('activity.list', { kind: 'event' });
      return list.items.length >= 3;
    });
    await value('sync.run');
    await value('export.csv', { what: 'fulfillments' });
    await value('export.csv', { what: 'links' });
    await collectAuthKeys();

    // Everything else the page can read, the raw events included.
    for (const name of ['app.info', 'accounts.list', 'settings.get', 'live.status', 'links.list']) {
      await value(name);
    }
    await value('fulfillments.totals', { utcOffsetMinutes: 0 });
    await value('fulfillments.chart', { utcOffsetMinutes: 0 });
    for (const link of links) await value('links.get', { id: link.link.id });
    for (const sale of sales) await value('fulfillments.get', { id: sale.id });
    const activity = await value<{ items: ActivityItem[] }>('activity.list', { limit: 500 });
    for (const item of activity.items) {
      if (item.kind === 'event') await value('events.get', { id: item.event.id });
    }

    // Sanity: the journey really produced what is searched, so the search can fail.
    expect(seenAuthKeys.size).toBeGreaterThanOrEqual(2);
    expect(secrets.stored).toContain(apiKey);
    const appFiles = readFolder(appDir, 'app-data');
    const cliFiles = readFolder(cliDir, 'cli-data');
    const wal = appFiles.find((f) => f.label === `app-data/${DATABASE_FILE}-wal`);
    expect(wal?.bytes.length).toBeGreaterThan(0);
    expect(appFiles.map((f) => f.label)).toEqual(
      expect.arrayContaining([
        `app-data/${DATABASE_FILE}`,
        `app-data/${DATABASE_FILE}-shm`,
        expect.stringMatching(/^app-data\/exports\/.+\.csv$/),
      ]),
    );
    expect(Buffer.concat(wal ? [wal.bytes] : []).includes('paid@example.com')).toBe(true);

    child.kill('SIGTERM');
    await childExited;
    await cc.close();
    await bridge.close();

    const haystacks: Haystack[] = [
      ...appFiles,
      ...cliFiles,
      ...readFolder(appDir, 'app-data after close'),
      ...readFolder(cliDir, 'cli-data after exit'),
      { label: 'console logs', bytes: Buffer.from(logs.join('\n')) },
      { label: 'listen output', bytes: Buffer.concat(childOut) },
      { label: 'bridge replies and events', bytes: Buffer.from(sent.join('\n')) },
      { label: 'replies the page read', bytes: Buffer.concat(pageReplies) },
      { label: 'event stream the page read', bytes: Buffer.concat(streamed) },
    ];
    expect(Buffer.concat(streamed).includes('fulfillments.changed')).toBe(true);
    const needles = [
      ...needlesFor('API key', apiKey),
      ...needlesFor('refused API key', wrongKey),
      ...[...seenAuthKeys].flatMap((k, i) => needlesFor(`webhook auth key #${i + 1}`, k)),
      ...secrets.stored.flatMap((s, i) => needlesFor(`keychain value #${i + 1}`, s)),
    ];
    expect(findLeaks(haystacks, needles)).toEqual([]);
  });
});
