// After a full journey (account added, links made and paid, webhooks received, sync, CSV
// export), the API key and every webhook auth key must appear nowhere the console wrote or
// sent: SQLite and its WAL/SHM read as they are, any file in the data folders, logs of the
// console and of a `listen` process, and everything the page was sent over the bridge.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createConsole, DATABASE_FILE } from '../../../main/console';
import { startSandbox } from '../../../main/sandbox';
import type {
  Account,
  ActivityItem,
  Fulfillment,
  LinkResult,
  LiveStatus,
  Product,
} from '../../../preload/contract';
import { exportText } from '../../support/export-text';
import { useTempDir } from '../../support/temp-dir';
import { waitFor } from '../sync/helpers';
import { findLeaks, needlesFor, readFolder, type Haystack } from './leak-scan';
import {
  authKeys,
  captureLogs,
  openRecordedPage,
  recordingSecrets,
  type RecordedPage,
} from './recording';

const tmp = useTempDir();
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

async function openConsole(dataDir: string, secrets: ReturnType<typeof recordingSecrets>) {
  const exportsDir = join(dataDir, 'exports');
  const cc = await createConsole({
    dataDir,
    secrets,
    env: {},
    saveFile: async (name, content) => {
      mkdirSync(exportsDir, { recursive: true });
      writeFileSync(join(exportsDir, name), exportText(content));
      return join(exportsDir, name);
    },
  });
  cleanups.push(() => cc.close());
  const page = await openRecordedPage(cc, tmp.path);
  cleanups.push(() => page.close());
  return { cc, page };
}

/**
 * Links made for three customers (and one asked again, so it is reused), then paid, failed and
 * abandoned on the hosted checkout; waits for the sale and all three events, syncs, exports.
 */
async function journey(page: RecordedPage, origin: string): Promise<void> {
  await waitFor('the webhook to be registered', async () => {
    const s = await page.value<LiveStatus>('live.status');
    return s.webhook.state === 'registered';
  });
  const [product] = await page.value<Product[]>('products.list');
  const linkInput = (email: string) => ({
    customer: { email },
    items: [{ product: product!.code }],
  });
  const moves = {
    'paid@example.com': 'complete',
    'failed@example.com': 'fail',
    'gone@example.com': 'abandon',
  };
  for (const [email, move] of Object.entries(moves)) {
    const { link } = await page.value<LinkResult>('links.create', linkInput(email));
    const res = await fetch(new URL(`/__sandbox/checkout/sessions/${link.id}/${move}`, origin), {
      method: 'POST',
    });
    expect(res.status).toBe(200);
  }
  expect((await page.value<LinkResult>('links.create', linkInput('gone@example.com'))).reused).toBe(
    true,
  );
  await waitFor('the paid link to become a sale', async () => {
    const list = await page.value<{ items: Fulfillment[] }>('fulfillments.list');
    return list.items.some((f) => f.source === 'webhook');
  });
  await waitFor('the three events', async () => {
    const list = await page.value<{ items: ActivityItem[] }>('activity.list', { kind: 'event' });
    return list.items.length >= 3;
  });
  await page.value('sync.run');
  await page.value('export.csv', { what: 'fulfillments' });
  await page.value('export.csv', { what: 'links' });
}

/** Everything else the page can read, each raw event included. */
async function readEverything(page: RecordedPage): Promise<void> {
  for (const name of ['app.info', 'accounts.list', 'settings.get', 'live.status']) {
    await page.value(name);
  }
  await page.value('fulfillments.totals', { utcOffsetMinutes: 0 });
  await page.value('fulfillments.chart', { utcOffsetMinutes: 0 });
  const links = await page.value<{ items: Array<{ id: number }> }>('links.list', { limit: 500 });
  for (const { id } of links.items) await page.value('links.get', { id });
  const sales = await page.value<{ items: Fulfillment[] }>('fulfillments.list', { limit: 500 });
  for (const { id } of sales.items) await page.value('fulfillments.get', { id });
  await page.value('activity.list', { limit: 500 });
  // The default view leaves out deliveries processed cleanly (their sale wrote its own line):
  // the raw-event view lists every one, and each is opened.
  const events = await page.value<{ items: ActivityItem[] }>('activity.list', {
    kind: 'event',
    limit: 500,
  });
  expect(events.items.length).toBeGreaterThan(0);
  for (const item of events.items) {
    if (item.kind === 'event') await page.value('events.get', { id: item.event.id });
  }
}

/** Sanity: what is searched really holds the journey, so the search can fail. */
function expectJourneyWritten(files: Haystack[], page: RecordedPage) {
  // In the WAL, or already in the file if the checkpoint worker got there first (a busy machine).
  const database = files.filter((f) => f.label.startsWith(`app-data/${DATABASE_FILE}`));
  expect(database.some((f) => f.bytes.includes('paid@example.com'))).toBe(true);
  expect(files.map((f) => f.label)).toEqual(
    expect.arrayContaining([
      `app-data/${DATABASE_FILE}`,
      `app-data/${DATABASE_FILE}-shm`,
      expect.stringMatching(/^app-data\/exports\/.+\.csv$/),
    ]),
  );
  expect(page.streamed().includes('fulfillments.changed')).toBe(true);
}

describe('secrets stay secret', { timeout: 120_000 }, () => {
  it('keeps the API key and webhook auth keys out of SQLite, the WAL, files, logs and the page', async () => {
    const apiKey = `sk_test_LeakCanary${randomBytes(12).toString('hex')}`;
    const wrongKey = `sk_test_WrongCanary${randomBytes(12).toString('hex')}`;
    const sb = await startSandbox({ apiKey, rateLimit: { limit: 100_000, windowMs: 1000 } });
    cleanups.push(() => sb.close());

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
    const { cc, page } = await openConsole(appDir, secrets);

    const refused = await page.call('accounts.add', { account: sb.apiUrl, apiKey: wrongKey });
    expect(refused.ok).toBe(false);
    await page.value('accounts.add', { account: sb.apiUrl, apiKey });
    await journey(page, sb.origin);
    await waitFor('the listen process to record the sale', () =>
      Buffer.concat(childOut).toString().includes('"event":"fulfillment"'),
    );
    await readEverything(page);
    const webhookKeys = await authKeys(sb.apiUrl, apiKey);
    expect(webhookKeys).toHaveLength(2);
    expect(secrets.stored).toContain(apiKey);

    // Read before closing: the WAL as it is, nothing checkpointed.
    const running = [...readFolder(appDir, 'app-data'), ...readFolder(cliDir, 'cli-data')];
    expectJourneyWritten(running, page);
    child.kill('SIGTERM');
    await childExited;
    await cc.close();
    await page.close();

    const haystacks: Haystack[] = [
      ...running,
      ...readFolder(appDir, 'app-data after close'),
      ...readFolder(cliDir, 'cli-data after exit'),
      // HOME of the listen process: anything it might have cached or configured there.
      ...readFolder(tmp.path, 'home after exit'),
      { label: 'console logs', bytes: Buffer.from(logs.join('\n')) },
      { label: 'listen output', bytes: Buffer.concat(childOut) },
      ...page.haystacks(),
    ];
    const needles = [
      ...needlesFor('API key', apiKey),
      ...needlesFor('refused API key', wrongKey),
      ...webhookKeys.flatMap((k, i) => needlesFor(`webhook auth key #${i + 1}`, k)),
      ...secrets.stored.flatMap((s, i) => needlesFor(`keychain value #${i + 1}`, s)),
    ];
    expect(findLeaks(haystacks, needles)).toEqual([]);
  });

  it('in demo mode keeps the built-in sandbox key and auth key in the sandbox state file only', async () => {
    const logs = captureLogs();
    const secrets = recordingSecrets();
    const appDir = join(tmp.path, 'app-data');
    const { cc, page } = await openConsole(appDir, secrets);

    const account = await page.value<Account>('accounts.useSandbox');
    await journey(page, new URL(account.apiUrl).origin);
    await readEverything(page);
    // The simulated Quaderno keeps its own state beside ours: that file is Quaderno's side.
    const stateFile = join(appDir, 'sandbox-state.json');
    const { apiKey } = JSON.parse(readFileSync(stateFile, 'utf8')) as { apiKey: string };
    const webhookKeys = await authKeys(account.apiUrl, apiKey);
    expect(webhookKeys).toHaveLength(1);

    const running = readFolder(appDir, 'app-data');
    expectJourneyWritten(running, page);
    await cc.close();
    await page.close();

    const ours = (h: Haystack) => !h.label.endsWith('/sandbox-state.json');
    const haystacks: Haystack[] = [
      ...running.filter(ours),
      ...readFolder(appDir, 'app-data after close').filter(ours),
      { label: 'console logs', bytes: Buffer.from(logs.join('\n')) },
      ...page.haystacks(),
    ];
    const needles = [
      ...needlesFor('sandbox API key', apiKey),
      ...webhookKeys.flatMap((k, i) => needlesFor(`webhook auth key #${i + 1}`, k)),
      ...secrets.stored.flatMap((s, i) => needlesFor(`keychain value #${i + 1}`, s)),
    ];
    expect(findLeaks(haystacks, needles)).toEqual([]);
  });
});
