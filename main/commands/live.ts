// `listen` and `sync`: live sales from the terminal (headless servers, scripts); the sales
// themselves are in fulfillments.ts.
import {
  productLine,
  settingsUpdateInput,
  type EventName,
  type Events,
  type Fulfillment,
  type ListedJob,
  type LiveStatus,
  type SyncResult,
} from '../../preload/contract';
import { formatMoney } from '../../preload/money';
import { createConsole, type CheckoutConsole } from '../console';
import { choosePublicRoute, plainHttpWarning, type LiveOverride } from '../live';
import type { SecretStore } from '../secrets';
import { wholeNumber } from './whole-number';
import { keepHeapNearLive } from './listen-heap';
import { type Io, UsageError, valueOf } from './output';
import { withinMs } from './signals';

// The list moved to its own file with its filters; older callers still import it from here.
export { runFulfillments } from './fulfillments';

export interface ListenFlags {
  json?: boolean;
  port?: string;
  tunnel?: boolean;
  subdomain?: string;
  'tunnel-host'?: string;
  'public-url'?: string;
}

export function listenOverride(flags: ListenFlags): LiveOverride {
  const override: LiveOverride = {};
  if (flags.port !== undefined) override.port = wholeNumber('--port', flags.port, 0, 65535);
  if (flags.tunnel && flags['public-url']) {
    throw new UsageError('Use either --tunnel or --public-url, not both.');
  }
  if (!flags.tunnel && (flags.subdomain || flags['tunnel-host'])) {
    throw new UsageError('--subdomain and --tunnel-host go with --tunnel.');
  }
  if (flags['public-url'] !== undefined) {
    if (!/^https?:\/\/[^\s]+$/.test(flags['public-url'])) {
      throw new UsageError(
        '--public-url must be an http(s) address that forwards to this computer.',
      );
    }
    // Settings' own rule (no credentials, query or fragment); the value is never echoed: it
    // may hold a password.
    const checked = settingsUpdateInput.safeParse({ publicUrl: flags['public-url'] });
    if (!checked.success) {
      throw new UsageError(
        `--public-url: ${checked.error.issues[0]?.message ?? 'not a base URL.'}`,
      );
    }
    override.publicUrl = flags['public-url'];
  }
  const tunnelHost = flags['tunnel-host'];
  if (tunnelHost !== undefined && !isHttpUrl(tunnelHost)) {
    throw new UsageError(
      `--tunnel-host must be the http(s) address of a localtunnel server, like https://localtunnel.me, not ${JSON.stringify(tunnelHost.slice(0, 80))}.`,
    );
  }
  if (flags.tunnel) {
    override.tunnel = {
      ...(flags.subdomain ? { subdomain: flags.subdomain } : {}),
      ...(flags['tunnel-host'] ? { host: flags['tunnel-host'] } : {}),
    };
  }
  return override;
}

function isHttpUrl(text: string): boolean {
  try {
    const { protocol } = new URL(text);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

export async function runListen(
  flags: ListenFlags,
  io: Io,
  stop: Promise<void>,
  consoleOptions: { dataDir: string; secrets: SecretStore; env: NodeJS.ProcessEnv },
): Promise<number> {
  const override = listenOverride(flags);
  keepHeapNearLive();
  // A small always-on server fulfils while the laptop sleeps: `listen` runs the outbox, command
  // rules included (the app never runs those).
  const opening = createConsole({
    ...consoleOptions,
    live: { autoStart: true, override },
    delivery: { run: true, commands: true },
  });
  // Opening can take long (a keychain prompt, an account from the environment checked against
  // a Quaderno that does not answer): a signal meanwhile is the same normal end as later.
  const cc = await Promise.race([opening, stop.then(() => null)]);
  if (cc === null) {
    // A console that opens after all has started the receiver: it is closed then, but not
    // waited for (the opening may be a minute of retries); the process ends on the signal now.
    void opening.then((late) => late.close()).catch(() => undefined);
    return 0;
  }
  try {
    const info = valueOf(await cc.call('app.info', {}));
    if (info.mode === 'none') {
      io.err(`checkout-console: ${NO_ACCOUNT}`);
      return 1;
    }
    const status = valueOf(await cc.call('live.status', {}));
    if (status.receiver.state === 'error') {
      io.err(
        `checkout-console: ${status.receiver.error ?? 'The webhook receiver could not start.'}`,
      );
      return 1;
    }
    // Said, not refused: the merchant may know better (the rule is Quaderno's, not ours).
    const apiUrl = info.activeAccount?.apiUrl ?? '';
    const settings = valueOf(await cc.call('settings.get', {}));
    const warning = plainHttpWarning(apiUrl, choosePublicRoute(apiUrl, settings, override));
    if (warning) io.err(`checkout-console: warning: ${warning}`);
    const print = createPrinter(cc, io, Boolean(flags.json));
    const off = cc.onAny((name, payload) => void print(name, payload));
    await print('receiver.status', status);
    if (!flags.json) io.out('Listening for sales. Press Ctrl+C to stop.');
    await stop;
    off();
    return 0;
  } finally {
    // Every event was stored before its 200, so a close that hangs (a tunnel that never
    // answers) may be cut short: the process must still end on the signal.
    await withinMs(cc.close(), LISTEN_CLOSE_BOUND_MS);
  }
}

const LISTEN_CLOSE_BOUND_MS = 10_000;

const NO_ACCOUNT =
  'No account is set up, so there is nothing to listen for. Run `checkout-console login --api-url URL` ' +
  '(the key is read from stdin), or set CHECKOUT_CONSOLE_API_URL and CHECKOUT_CONSOLE_API_KEY, ' +
  'or try the sandbox: run `checkout-console sandbox` in another terminal, then ' +
  '`checkout-console login --sandbox`.';

/** One line per event as `listen` prints it (`demo` prints sales the same way). */
export function createPrinter(cc: CheckoutConsole, io: Io, json: boolean) {
  let lastStatusLine = '';
  let syncedOnce = false;
  // Each job's last line: two changes read after the same end (a try's start read late) print
  // it once. Bounded: the oldest jobs are forgotten first.
  const lastJobLine = new Map<number, string>();
  return async (name: EventName, payload: unknown): Promise<void> => {
    const at = new Date().toISOString();
    if (name === 'fulfillments.changed') {
      for (const id of (payload as { ids: number[] }).ids) {
        const got = await cc.call('fulfillments.get', { id });
        if (!got.ok) continue;
        const f = got.value;
        io.out(json ? JSON.stringify({ event: 'fulfillment', at, data: f }) : saleLine(f));
      }
      return;
    }
    if (json) return io.out(JSON.stringify({ event: name, at, data: payload }));
    if (name === 'receiver.status') {
      const line = statusLine(payload as LiveStatus);
      if (line !== lastStatusLine) io.out(line);
      lastStatusLine = line;
    } else if (name === 'sync.status') {
      const s = payload as { running: boolean; last: SyncResult | null; error: string | null };
      if (s.error) io.out(`sync failed: ${s.error}`);
      else if (!s.running && s.last && (!syncedOnce || foundSomething(s.last))) {
        // The pipeline syncs at start and again once the webhook is registered (and on every
        // tick): after the first line, only a sync that found something is news.
        syncedOnce = true;
        io.out(syncLine(s.last));
      }
    } else if (name === 'links.changed') {
      io.out(`links updated: ${(payload as { ids: number[] }).ids.join(', ')}`);
    } else if (name === 'jobs.changed') {
      const { saleId, jobId } = payload as Events['jobs.changed'];
      const got = await cc.call('jobs.list', { saleId, limit: 100 });
      const job = got.ok ? got.value.items.find((j) => j.id === jobId) : undefined;
      const line = job ? deliveryLine(job, Date.now()) : null;
      if (line === null) {
        // A try starting forgets the last end: the next end is news even if it reads the same.
        lastJobLine.delete(jobId);
        return;
      }
      if (lastJobLine.get(jobId) === line) return;
      lastJobLine.delete(jobId);
      lastJobLine.set(jobId, line);
      if (lastJobLine.size > JOB_LINES_KEPT)
        lastJobLine.delete(lastJobLine.keys().next().value ?? 0);
      io.out(line);
    }
  };
}

/** How many jobs' last lines the printer keeps. */
const JOB_LINES_KEPT = 1_000;

/**
 * A headless merchant sees each delivery's end: done, trying again, held or needing them. A job
 * due now (a try starting, or one about to) says nothing: its end will.
 */
function deliveryLine(j: ListedJob, nowMs: number): string | null {
  const head = `delivery #${j.id} of sale #${j.saleId} (rule '${j.ruleName}')`;
  if (j.held) {
    return `${head}: held, as the sale is marked fulfilled${j.lastError ? ` (last try: ${j.lastError})` : ''} (checkout-console fulfillment undo ${j.saleId})`;
  }
  if (j.status === 'done') return `${head}: done${j.doneBy === 'merchant' ? ' by hand' : ''}`;
  if (j.status === 'needs_attention') {
    return `${head}: needs attention: ${j.lastError ?? 'no reason given'} (checkout-console job retry ${j.id})`;
  }
  if (j.nextTryAt === null || Date.parse(j.nextTryAt) <= nowMs) return null;
  return `${head}: trying again at ${j.nextTryAt}${j.lastError ? `: ${j.lastError}` : ''}`;
}

function statusLine(s: LiveStatus): string {
  const receiver =
    s.receiver.state === 'listening'
      ? `receiver on port ${s.receiver.port}`
      : `receiver ${s.receiver.state}`;
  const tunnel =
    `${s.tunnel.state === 'off' ? 'direct' : s.tunnel.state} ${s.tunnel.publicUrl ?? ''}`.trim();
  const webhook = s.webhook.id
    ? `webhook ${s.webhook.state} #${s.webhook.id}`
    : `webhook ${s.webhook.state}`;
  const error = s.receiver.error ?? s.tunnel.error ?? s.webhook.error;
  return [receiver, tunnel, webhook, error ? `(${error})` : null].filter(Boolean).join(' · ');
}

function saleLine(f: Fulfillment): string {
  const who = f.customerEmail ?? f.customerName ?? 'unknown customer';
  const what = f.products.map(productLine).join(', ');
  return `sale #${f.id}: ${formatMoney(f.amount, f.currency)} from ${who} for ${what} (session ${f.sessionId}, ${f.source}) · ${f.status === 'new' ? 'to deliver' : 'delivered'}`;
}

const foundSomething = (r: SyncResult): boolean =>
  r.sessionsUpdated > 0 || r.fulfillmentsAdded > 0 || r.webhookRecreated;

function syncLine(r: SyncResult): string {
  return `synced: ${r.sessionsSeen} session(s) checked, ${r.sessionsUpdated} updated, ${r.fulfillmentsAdded} missed sale(s) recorded${r.webhookRecreated ? ', webhook re-created' : ''} (${r.apiCalls} API calls)`;
}

export async function runSync(cc: CheckoutConsole, flags: { json?: boolean }, io: Io) {
  const result = valueOf(await cc.call('sync.run', {}));
  io.out(flags.json ? JSON.stringify(result) : syncLine(result));
}
