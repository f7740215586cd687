// createConsole, the table of contents: open the store and the accounts, build the services,
// register each service's handlers. Electron (main/index.ts), the CLI and the tests all start
// here, so they run the same code.
import { setMaxListeners } from 'node:events';
import { join } from 'node:path';
import type {
  Emit,
  Envelope,
  EventName,
  Events,
  MethodInput,
  MethodName,
  MethodResult,
} from '../preload/contract';
import { createAccountHandlers, openAccounts } from './accounts';
import { createAppHandlers } from './app';
import { dispatch, valueOrThrow, type Handlers } from './dispatch';
import { createDelivery, type DeliveryOptions } from './delivery';
import { ConsoleError } from './errors';
import { createDoctor } from './doctor';
import { createLinkHandlers, type ImageClipboard } from './links';
import { createLive, type LiveOptions } from './live';
import { createEventBus } from './event-bus';
import { ensureDataDir } from './paths';
import { createProductHandlers, createProducts } from './products';
import { processEvent } from './receiver';
import { createSalesHandlers, type SaveFile } from './sales';
import type { SecretStore } from './secrets';
import { createSettings, createSettingsHandlers } from './settings';
import { openStore } from './store';

export interface ConsoleOptions {
  dataDir: string;
  secrets: SecretStore;
  env?: NodeJS.ProcessEnv;
  version?: string;
  /** Live receiver/tunnel/sync for the active account; autoStart defaults to true. */
  live?: LiveOptions;
  /** How often to re-check Quaderno while it is unreachable (default 10 s). */
  connectivityProbeMs?: number;
  /** The app's save dialog (main/index.ts); tests pass a fake, the CLI none. */
  saveFile?: SaveFile;
  /** Shows the file the save dialog last wrote in the OS file manager (main/os); the CLI has none. */
  showInFolder?: (path: string) => boolean;
  /** The OS clipboard for a link's QR code (the app's); the CLI and tests have none. */
  clipboard?: ImageClipboard;
  /** Automatic delivery: whether this console runs the outbox, and may hold command rules. */
  delivery?: DeliveryOptions;
  /**
   * An environment setting it cannot use: 'refuse' (the default: the CLI stops and says what to
   * fix) or 'tell' (the app, which must open, and `doctor`: the default is used, the problem
   * goes to Activity and the connection check lists it).
   */
  badSettings?: 'refuse' | 'tell';
}

export interface CheckoutConsole {
  readonly handlers: Handlers;
  /** The method's reply as an envelope, for callers that branch on a failure's code (the CLI). */
  call<N extends MethodName>(name: N, input: MethodInput<N>): Promise<Envelope<MethodResult<N>>>;
  /** The method's result; a failure is thrown as a ConsoleError. Typed like the page's invoke. */
  invoke<N extends MethodName>(name: N, input: MethodInput<N>): Promise<MethodResult<N>>;
  /** For transports (IPC, the HTTP test bridge): name and input come from outside, unchecked. */
  dispatch(name: unknown, input: unknown): Promise<Envelope<unknown>>;
  on<E extends EventName>(name: E, listener: (payload: Events[E]) => void): () => void;
  onAny(listener: (name: EventName, payload: unknown) => void): () => void;
  /** Demo and tests: takes the built-in sandbox away, as if Quaderno were unreachable. */
  stopSandbox(): Promise<void>;
  /** Sends an event to every listener, the window included (the desktop's "open this sale"). */
  readonly emit: Emit;
  close(): Promise<void>;
}

export const DATABASE_FILE = 'checkout-console.sqlite';

export async function createConsole(options: ConsoleOptions): Promise<CheckoutConsole> {
  ensureDataDir(options.dataDir);
  const store = openStore(join(options.dataDir, DATABASE_FILE));
  const bus = createEventBus();
  const emit = bus.emit;
  // Aborted by close(): a call waiting out a rate-limit pause or a retry ends at once.
  const shutdown = new AbortController();
  // Each pending call listens while it waits (and stops after), so many at once is normal.
  setMaxListeners(1000, shutdown.signal);
  const { accounts, sandboxHost, connectivity, settingProblems } = await openAccounts({
    store,
    dataDir: options.dataDir,
    secrets: options.secrets,
    env: options.env ?? process.env,
    signal: shutdown.signal,
    probeMs: options.connectivityProbeMs,
    onAccounts: (list) => emit('accounts.changed', { accounts: list }),
    onConnectivity: (state) => emit('connectivity.changed', state),
    badSettings: options.badSettings,
  }).catch((e: unknown) => {
    store.close();
    throw e;
  });
  const products = createProducts({ store, accounts });
  const settings = createSettings({ store });
  const live = createLive({
    store,
    accounts,
    settings,
    secrets: options.secrets,
    emit,
    ...(options.live ? { options: options.live } : {}),
  });
  bus.on('accounts.changed', () => void live.accountsChanged());
  // Back from offline (the laptop woke, the network returned): what was missed meanwhile is
  // caught up now, not on the next 5-minute tick.
  let reachable = connectivity.state().online;
  bus.on('connectivity.changed', ({ online }: { online: boolean }) => {
    if (online && !reachable) live.reachableAgain();
    reachable = online;
  });
  // Only this file starts and stops live; whether it should run is remembered here.
  const liveWanted = options.live?.autoStart !== false;
  if (liveWanted) await live.start();
  const delivery = createDelivery({
    store,
    secrets: options.secrets,
    env: options.env ?? process.env,
    emit,
    activeAccount: () => accounts.active(),
    version: options.version ?? '0.0.0',
    options: options.delivery,
  });
  // A recorded sale may have jobs due now (the outbox row was written with it).
  bus.on('fulfillments.changed', () => delivery.wake());
  delivery.start();

  const accountHandlers = createAccountHandlers({
    accounts,
    syncCatalogue: () => products.sync(),
    checkConnection: () =>
      createDoctor({ accounts, store, settingProblems })
        .run()
        .catch((e: unknown) => {
          // No account: the check has no steps to list a setting in, so its refusal says it.
          if (settingProblems.length === 0 || !(e instanceof ConsoleError)) throw e;
          throw new ConsoleError(e.code, [e.message, ...settingProblems].join(' '), { cause: e });
        }),
  });
  const handlers: Handlers = {
    ...createAppHandlers({
      version: options.version ?? '0.0.0',
      dataDir: options.dataDir,
      activeAccount: () => accounts.active(),
      connectivity,
      showInFolder: options.showInFolder,
    }),
    ...accountHandlers,
    // The active account's live pipeline stops before its webhooks are deleted: its registrar
    // (a tunnel reconnect, say) must not register one again behind the logout. It starts
    // again after, for the account then active.
    'accounts.remove': async (input) => {
      const pause = liveWanted && accounts.active()?.id === input.id;
      if (pause) await live.stop();
      try {
        return await accountHandlers['accounts.remove'](input);
      } finally {
        if (pause && !closed) await live.start();
      }
    },
    ...createProductHandlers(products),
    // A new port, public URL or tunnel restarts the receiver.
    ...createSettingsHandlers(settings, (next) => {
      void live.settingsChanged();
      emit('settings.changed', next); // the shell applies "Open at login"
    }),
    ...createLinkHandlers({
      store,
      accounts,
      products,
      settings,
      emit: (ids) => emit('links.changed', { ids }),
      // A link that cannot reach Quaderno waits as a draft, created when Quaderno answers again.
      // Creating still tries Quaderno first even while connectivity says offline: after one lost
      // answer the merchant's retry must find the session made (the doubt lookup), not queue.
      onConnectivity: (listener) => bus.on('connectivity.changed', listener),
      onDraftCreated: (draftId, result) => emit('links.draftCreated', { draftId, result }),
      ...(options.clipboard ? { clipboard: options.clipboard } : {}),
    }),
    ...live.handlers,
    ...delivery.handlers,
    ...createSalesHandlers({
      store,
      activeAccount: () => accounts.active(),
      saveFile: options.saveFile,
      reprocess: (accountId, eventId) => processEvent(store, accountId, eventId),
      emit,
      onFocus: (listener) =>
        bus.on('desk.focusFulfillment', ({ id }: { id: number }) => listener(id)),
    }),
  };

  let closed = false;
  return {
    handlers,
    call: (name, input) => dispatch(handlers, name, input),
    invoke: async (name, input) => valueOrThrow(await dispatch(handlers, name, input)),
    dispatch: (name, input) => dispatch(handlers, name, input),
    emit,
    async stopSandbox() {
      await sandboxHost.stop();
      // Say so at once rather than at the next call: the merchant is watching.
      await accounts.activeClient().catch(() => undefined);
    },
    on: bus.on,
    onAny: bus.onAny,
    async close() {
      if (closed) return;
      closed = true;
      connectivity.close();
      shutdown.abort();
      bus.clear();
      // Receiver, tunnel, any running sync and delivery tries stop before the store they write
      // to closes.
      await live.stop().catch(() => undefined);
      await delivery.stop().catch(() => undefined);
      await sandboxHost.close();
      store.close();
    },
  };
}
