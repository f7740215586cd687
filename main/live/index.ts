// Live fulfilments: receiver, tunnel, webhook registration and sync, orchestrated
// for the active account (issue: live webhooks).
import { dirname } from 'node:path';
import { z } from 'zod';
import type { LiveStatus, Settings, SyncResult } from '../../preload/contract';
import type { AccountsService } from '../accounts';
import type { Handlers } from '../dispatch';
import { ConsoleError } from '../errors';
import { receiverToken } from '../receiver';
import type { SecretStore } from '../secrets';
import type { SettingsService } from '../settings';
import type { QuadernoClient } from '../quaderno';
import type { Store } from '../store';
import { createSync } from '../sync';
import { startPipeline, type Emit, type Pipeline, type TunnelTimings } from './pipeline';
import { choosePublicRoute, type LiveOverride } from './public-url';
import { lockReceiver, ReceiverLockHeld, type ReceiverLock } from './receiver-lock';
import { createSyncRunner } from './sync-runner';

export { choosePublicRoute, hookUrl, plainHttpWarning, type LiveOverride } from './public-url';
export { lockReceiver, ReceiverLockHeld, type ReceiverLock } from './receiver-lock';

export type LiveHandlers = Pick<Handlers, 'live.status' | 'sync.run'>;

export interface LiveOptions {
  /** Start for the active account when the console opens; default true. */
  autoStart?: boolean;
  /** Tunnel server when the settings name none (tests point this at a loopback server). */
  tunnelHost?: string;
  /** `listen` flags, which win over the saved settings. */
  override?: LiveOverride;
  /** How this process is named to another that finds the receiver taken (`demo`, say). */
  holderName?: string;
  syncIntervalMs?: number;
  tunnelTimings?: TunnelTimings;
}

export interface LiveDeps {
  store: Store;
  accounts: AccountsService;
  settings: SettingsService;
  secrets: SecretStore;
  emit: Emit;
  options?: LiveOptions;
}

export interface Live {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Follows the active account: restarts on a switch, stops when none is left. */
  accountsChanged(): Promise<void>;
  /** Restarts when the receiver port, public URL or tunnel settings changed; starts if not running. */
  settingsChanged(): Promise<void>;
  /** Quaderno answers again: the running pipeline syncs and retries a failed registration. */
  reachableAgain(): void;
  status(): LiveStatus;
  handlers: LiveHandlers;
}

const LAST_PORT = 'live.lastReceiverPort';
const tokenKey = (accountId: number) => `live.receiverToken.${accountId}`;

export function idleStatus(): LiveStatus {
  return {
    receiver: { state: 'stopped', port: null, error: null },
    tunnel: { state: 'off', publicUrl: null, error: null },
    webhook: { state: 'none', id: null, url: null, error: null },
    lastEventAt: null,
    lastSyncAt: null,
  };
}

export function createLive(deps: LiveDeps): Live {
  const { store, accounts, emit } = deps;
  const options = deps.options ?? {};
  const runs = store.syncRuns;
  let status = idleStatus();
  let pipeline: Pipeline | null = null;
  let lock: ReceiverLock | null = null;
  // `listen` says so to a second `listen` or to the app; the app to a `listen`.
  const holderName =
    options.holderName ?? (options.override ? 'checkout-console listen' : 'Checkout Console app');
  // The CLI (the only caller with an override) sets the port on its command line.
  const portAdvice = options.override
    ? 'Pass another --port, or --port 0 for any free port.'
    : 'Choose another receiver port in Settings, or 0 for any free port.';
  let started = false;
  let startedWith = '';
  // The client the running pipeline was given: connecting the account again with a new key (or
  // a sandbox restarted on another port) gives another, and the pipeline must follow it.
  let startedClient: QuadernoClient | null = null;
  // start/stop/switch run one at a time so two pipelines never share a port or a webhook.
  let lifecycle: Promise<void> = Promise.resolve();
  const serially = (step: () => Promise<void>) => {
    const next = lifecycle.then(step);
    lifecycle = next.catch(() => undefined);
    return next;
  };
  const publish = () => emit('receiver.status', structuredClone(status));

  function activeAccountId(): number {
    const active = accounts.active();
    if (!active) {
      throw new ConsoleError('no_account', 'Add a Quaderno account or use the sandbox first.');
    }
    return active.id;
  }

  function tokenFor(accountId: number): string {
    const saved = store.settings.get(tokenKey(accountId), z.string().min(16).nullable(), null);
    if (saved) return saved;
    const token = receiverToken();
    store.settings.set(tokenKey(accountId), token);
    return token;
  }

  async function startNow(): Promise<void> {
    const account = accounts.active();
    if (!account || pipeline) return;
    const prefs = deps.settings.get();
    const remembered = store.settings.get(LAST_PORT, z.number().int().min(0), 0);
    const wanted = options.override?.port ?? (prefs.receiverPort || remembered);
    // A remembered port may be taken by now; a port the merchant chose must not silently move.
    const ports =
      options.override?.port || prefs.receiverPort ? [wanted] : [...new Set([wanted, 0])];
    // A restart (a Save in Settings, a new run) keeps saying when the last event came.
    status = {
      ...idleStatus(),
      lastSyncAt: runs.last(account.id)?.finishedAt ?? null,
      lastEventAt: store.events.newestReceivedAt(account.id),
    };
    startedWith = liveConfigKey(prefs);
    try {
      lock = lockReceiver(dirname(store.file), account.id, holderName);
      const { client } = await accounts.activeClient();
      startedClient = client;
      const route = choosePublicRoute(
        account.apiUrl,
        prefs,
        options.override,
        options.tunnelHost ?? null,
      );
      pipeline = await startPipeline({
        store,
        secrets: deps.secrets,
        account,
        client,
        route,
        ports,
        token: tokenFor(account.id),
        emit,
        status,
        onStatus: publish,
        ...(options.syncIntervalMs ? { syncIntervalMs: options.syncIntervalMs } : {}),
        ...(options.tunnelTimings ? { tunnelTimings: options.tunnelTimings } : {}),
      });
      if (!options.override?.port && !prefs.receiverPort)
        store.settings.set(LAST_PORT, pipeline.port);
    } catch (e) {
      releaseLock();
      status.receiver = { state: 'error', port: null, error: receiverError(e, ports, portAdvice) };
      publish();
    }
  }

  async function stopNow(): Promise<void> {
    const running = pipeline;
    pipeline = null;
    await running?.stop();
    releaseLock();
  }

  function releaseLock(): void {
    lock?.release();
    lock = null;
  }

  const live: Live = {
    start: () =>
      serially(async () => {
        started = true;
        await startNow();
      }),
    stop: () =>
      serially(async () => {
        started = false;
        await stopNow();
      }),
    accountsChanged: () =>
      serially(async () => {
        if (!started) return;
        if (pipeline && pipeline.accountId === accounts.active()?.id && !(await clientChanged()))
          return;
        await stopNow();
        status = idleStatus();
        publish();
        await startNow();
      }),
    settingsChanged: () =>
      serially(async () => {
        if (!started) return;
        // No pipeline: the last start failed (a port in use, say), and the merchant was told
        // to change the settings, so the change is the cue to try again.
        if (pipeline && liveConfigKey(deps.settings.get()) === startedWith) return;
        await stopNow();
        await startNow();
      }),
    reachableAgain: () => pipeline?.reachableAgain(),
    status: () => structuredClone(status),
    handlers: {
      'live.status': async () => structuredClone(status),
      'sync.run': async () => syncNow(),
    },
  };

  /** Whether the active account's client is no longer the one the pipeline runs with. */
  async function clientChanged(): Promise<boolean> {
    try {
      return (await accounts.activeClient()).client !== startedClient;
    } catch {
      // The key cannot be read now (a locked keychain): the running pipeline stays as it is.
      return false;
    }
  }

  async function syncNow(): Promise<SyncResult> {
    const accountId = activeAccountId();
    if (pipeline?.accountId === accountId) return pipeline.sync();
    // Not listening (e.g. the CLI's `sync`): reconcile without touching the webhook, since
    // no receiver is up for Quaderno to check.
    const { client } = await accounts.activeClient();
    const sync = createSync({
      client,
      store,
      accountId,
      onFulfillment: (_, ids) => emit('fulfillments.changed', { ids }),
      onSessionStatus: (_, ids) => emit('links.changed', { ids }),
    });
    const result = await createSyncRunner({ sync, emit }).run();
    status.lastSyncAt = result.finishedAt;
    return result;
  }

  return live;
}

const liveConfigKey = (s: Settings) =>
  JSON.stringify([s.receiverPort, s.publicUrl, s.tunnelSubdomain, s.tunnelHost]);

function receiverError(e: unknown, ports: number[], advice: string): string {
  if (e instanceof ReceiverLockHeld) return e.message;
  const message = e instanceof Error ? e.message : String(e);
  if (/EADDRINUSE/.test(message)) {
    return `Port ${ports[0]} is already in use. ${advice}`;
  }
  return `The webhook receiver could not start: ${message}`;
}
