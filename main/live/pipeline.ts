// One account, live: receiver up first, then the public URL (local, manual or tunnel), then
// the webhook pointed at it, then sync — again after every reconnect or URL change.
import type { Account, Emit, LiveStatus, SyncResult } from '../../preload/contract';
import { normalizeSession, withCallOptions, type QuadernoClient } from '../quaderno';
import { rememberedScheme, startReceiver, type Receiver } from '../receiver';
import type { SecretStore } from '../secrets';
import type { Store } from '../store';
import { createSync } from '../sync';
import { openTunnel, type Tunnel, type TunnelOptions } from '../tunnel';
import { createRegistrar } from '../webhooks';
import { isLoopbackApi } from '../../preload/loopback-api';
import {
  hookUrl,
  publicUrlRuleProblem,
  unusablePublicUrlMessage,
  type PublicRoute,
} from './public-url';
import { createSyncRunner, type SyncRunner } from './sync-runner';

export type { Emit };

export const SYNC_INTERVAL_MS = 5 * 60_000;

export interface PipelineDeps {
  store: Store;
  secrets: SecretStore;
  account: Account;
  client: QuadernoClient;
  route: PublicRoute;
  /** Ports to try in order; 0 lets the OS choose. */
  ports: number[];
  token: string;
  emit: Emit;
  status: LiveStatus;
  onStatus(status: LiveStatus): void;
  syncIntervalMs?: number;
  /** Tunnel timings (tests shorten them). */
  tunnelTimings?: TunnelTimings;
}

export type TunnelTimings = Pick<
  TunnelOptions,
  'openTimeoutMs' | 'probeIntervalMs' | 'probeFailures' | 'backoff'
>;

export interface Pipeline {
  readonly accountId: number;
  readonly port: number;
  sync(): Promise<SyncResult>;
  /**
   * Quaderno answers again after it could not be reached: sync now (sales paid meanwhile) and
   * retry a registration that failed, instead of waiting for the next tick.
   */
  reachableAgain(): void;
  stop(): Promise<void>;
}

export async function startPipeline(deps: PipelineDeps): Promise<Pipeline> {
  const { store, account, client, token, emit, status } = deps;
  const accountId = account.id;
  const update = (patch: Partial<LiveStatus>) => {
    Object.assign(status, patch);
    deps.onStatus(status);
  };
  // Registration and sync end with the pipeline: a stop aborts their calls to Quaderno, so a
  // registration still in flight cannot finish after a newer pipeline registered its own URL
  // (and point Quaderno back at the old one). The receiver's confirmations keep the plain
  // client: they finish within the receiver's close.
  const stopping = new AbortController();
  const stoppable = withCallOptions(client, (call) => ({
    ...call,
    signal: call?.signal ? AbortSignal.any([call.signal, stopping.signal]) : stopping.signal,
  }));
  const registrar = createRegistrar({
    client: stoppable,
    store,
    secrets: deps.secrets,
    accountId,
    apiUrl: account.apiUrl,
    // A Quaderno on this machine is a test double: its webhook keys need no keychain.
    keepKeysInMemory: account.kind === 'sandbox' || isLoopbackApi(account.apiUrl),
  });
  const onFulfillment = (_: number, ids: number[]) => emit('fulfillments.changed', { ids });
  const onSessionStatus = (_: number, ids: number[]) => emit('links.changed', { ids });
  const receiver = await listen(deps.ports, (port) =>
    startReceiver({
      store,
      port,
      route: (t) =>
        t === token ? { accountId, signingTargets: () => registrar.signingTargets() } : null,
      confirm: async (_, sessionId) => normalizeSession(await client.getSession(sessionId)),
      onFulfillment,
      onSessionStatus,
      onEvent: () => update({ lastEventAt: new Date().toISOString() }),
      onSignatureScheme: (_, signatureScheme) => update({ signatureScheme }),
    }),
  );
  update({
    receiver: { state: 'listening', port: receiver.port, error: null },
    signatureScheme: rememberedScheme(store, accountId),
  });

  const runner: SyncRunner = createSyncRunner({
    sync: createSync({
      client: stoppable,
      store,
      accountId,
      // Only a webhook this run registered is worth checking: with the public URL down, the
      // stored one cannot be verified, and sync must still record the sales it finds.
      registrar: {
        ...registrar,
        verify: () =>
          status.webhook.state === 'registered' ? registrar.verify() : Promise.resolve(null),
      },
      onFulfillment,
      onSessionStatus,
    }),
    emit,
    onSynced: (r) => update({ lastSyncAt: r.finishedAt }),
  });
  let stopped = false;
  let queue: Promise<void> = Promise.resolve();
  const localUrl = receiver.localUrl(token);

  const { activity } = store;
  function logWebhook(
    r: { webhookId: number; url: string; recreated: boolean },
    before: string | null,
  ) {
    // In the merchant's words; the address (with its secret path) stays in the detail.
    const message = r.recreated
      ? 'Quaderno had dropped this console’s webhook; it is registered again, so sales arrive live.'
      : before
        ? 'The console’s public address changed; Quaderno now sends sales to the new one.'
        : 'Quaderno now sends sales to this console.';
    activity.add(accountId, 'webhook', message, { ...r });
  }

  // Registrations run one at a time, in order: the last URL wins.
  let wantedUrl: string | null = null;
  function publish(url: string): void {
    wantedUrl = url;
    queue = queue.then(() => register(url)).catch(() => undefined);
  }

  async function register(url: string): Promise<void> {
    if (stopped || url !== wantedUrl) return; // a newer URL is queued behind this one
    update({ webhook: { ...status.webhook, state: 'registering', url, error: null } });
    try {
      // Logged only when something changed in Quaderno, not on every start.
      const before = registrar.current()?.url ?? null;
      const r = await registrar.ensure(url);
      if (r.recreated || r.url !== before) logWebhook(r, before);
      if (stopped) return;
      update({ webhook: { state: 'registered', id: r.webhookId, url: r.url, error: null } });
    } catch (e) {
      if (stopped) return;
      const error = e instanceof Error ? e.message : String(e);
      activity.add(accountId, 'webhook_error', `The webhook could not be registered: ${error}`, {
        url,
      });
      update({ webhook: { ...status.webhook, state: 'error', url, error } });
      return;
    }
    await runner.run().catch(() => undefined); // reported through sync.status
  }

  let tunnel: Tunnel | null = null;
  if (deps.route.mode === 'local') {
    update({ tunnel: { state: 'off', publicUrl: localUrl, error: null } });
    publish(localUrl);
  } else if (deps.route.mode === 'manual') {
    const problem = publicUrlRuleProblem(deps.route.baseUrl);
    if (problem) {
      // Nothing is registered: Quaderno would be sent the password, or a garbled path. The
      // tunnel is still not needed (and did not fail): the webhook is what is missing.
      const error = unusablePublicUrlMessage(problem);
      update({
        tunnel: { state: 'manual', publicUrl: null, error: null },
        webhook: { state: 'error', id: null, url: null, error },
      });
    } else {
      const url = hookUrl(deps.route.baseUrl, localUrl);
      update({ tunnel: { state: 'manual', publicUrl: url, error: null } });
      publish(url);
    }
  } else {
    let wasOnline = false;
    let lastUrl: string | null = null;
    tunnel = openTunnel({
      ...deps.tunnelTimings,
      localPort: receiver.port,
      // Only our receiver answers HEAD 200 on this path: a dead tunnel cannot look alive.
      probePath: new URL(localUrl).pathname,
      ...(deps.route.host ? { host: deps.route.host } : {}),
      ...(deps.route.subdomain ? { subdomain: deps.route.subdomain } : {}),
      onState: (s) => {
        if (stopped) return;
        update({ tunnel: { state: s.state, publicUrl: s.publicUrl, error: s.error } });
        const online = s.state === 'online' && s.publicUrl !== null;
        // A reconnect may keep the URL, but deliveries were missed meanwhile: sync again.
        if (online && (!wasOnline || s.publicUrl !== lastUrl)) {
          lastUrl = s.publicUrl;
          publish(hookUrl(s.publicUrl as string, localUrl));
        }
        wasOnline = online;
      },
    });
  }

  // Sales made while no webhook could reach us (tunnel down, public URL broken) are only
  // found by sync, so it runs at start and on every tick whatever the webhook's state.
  void runner.run().catch(() => undefined); // reported through sync.status
  function catchUp(): void {
    if (stopped) return;
    // After a failed registration (Quaderno unreachable, say): try again. Its sync follows it.
    if (status.webhook.state === 'error' && wantedUrl) publish(wantedUrl);
    else void runner.run().catch(() => undefined);
  }
  const timer = setInterval(() => {
    void runner.run().catch(() => undefined);
    if (status.webhook.state === 'error' && wantedUrl) publish(wantedUrl);
  }, deps.syncIntervalMs ?? SYNC_INTERVAL_MS);
  timer.unref();

  return {
    accountId,
    port: receiver.port,
    sync: () => runner.run(),
    reachableAgain: catchUp,
    async stop() {
      if (stopped) return;
      stopped = true;
      stopping.abort();
      clearInterval(timer);
      await tunnel?.close().catch(() => undefined);
      // Nothing should write to the store after the console closes it; but a hung Quaderno
      // must not hold the app open either (a late write then fails and is dropped).
      await settleWithin(Promise.all([queue, runner.idle()]), STOP_GRACE_MS);
      await receiver.close();
      update({
        receiver: { state: 'stopped', port: null, error: null },
        tunnel: { state: 'off', publicUrl: null, error: null },
      });
    },
  };
}

const STOP_GRACE_MS = 10_000;

async function settleWithin(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((r) => {
    timer = setTimeout(r, ms);
  });
  await Promise.race([work.catch(() => undefined), timeout]);
  clearTimeout(timer);
}

async function listen(
  ports: number[],
  start: (port: number) => Promise<Receiver>,
): Promise<Receiver> {
  let lastError: unknown = null;
  for (const port of ports) {
    try {
      return await start(port);
    } catch (e) {
      lastError = e;
    }
  }
  throw lastError;
}
