// THE contract between renderer and main. Method names, input schemas, result
// and event types live here and nowhere else: the preload bridge, main/ipc.ts,
// the in-process transport and the HTTP test bridge all derive from it.
import { z } from 'zod';
import { byId, empty, event, httpUrl, method, type EventSpec } from './contract-base';
import { linkEvents, linkMethods } from './contract-links';
import { liveEvents, liveMethods } from './contract-live';
import { deskEvents, deskMethods } from './contract-desk';
import { doctorMethods } from './contract-doctor';
import { deliveryEvents, deliveryMethods } from './contract-delivery';
import { shellEvents } from './contract-shell';
import { sandboxProfiles } from './sandbox-profiles';

export * from './contract-links';
export * from './contract-live';
export * from './contract-desk';
export * from './contract-doctor';
export * from './contract-delivery';
export * from './contract-shell';
export * from './contract-errors';

// ---------- shared value types ----------

export type AccountKind = 'live' | 'test' | 'sandbox';

export interface Account {
  id: number;
  name: string;
  apiUrl: string;
  kind: AccountKind;
  email: string | null;
  active: boolean;
  createdAt: string;
}

export interface Product {
  code: string;
  name: string;
  description: string | null;
  /** Integer minor units of `currency` (cents, or yen for JPY); hundredths when it is null. */
  unitAmount: number;
  /** null while unknown: Quaderno may list an item without one; its sessions then say it. */
  currency: string | null;
  kind: 'one_off' | 'subscription';
}

export interface Settings {
  successUrl: string;
  cancelUrl: string;
  locale: string;
  paymentMethods: Array<'card' | 'paypal'>;
  billingDetailsCollection: 'auto' | 'required';
  couponCollection: boolean;
  emailTemplate: string;
  notifications: boolean;
  /** '' lets the tunnel server pick a subdomain. */
  tunnelSubdomain: string;
  /** '' is the default localtunnel server. */
  tunnelHost: string;
  /** '' uses the tunnel; otherwise a URL that already forwards to the receiver. */
  publicUrl: string;
  /** 0 is any free port. */
  receiverPort: number;
  /** Starts the app, hidden in the tray, when the merchant logs in to the computer. */
  openAtLogin: boolean;
  /** A short chime per new sale; null until the merchant answered the one-time question (no sound meanwhile). */
  saleSound: boolean | null;
  /** A notification with yesterday's sales once a day, at `summaryHour` (local time, 0–23). */
  dailySummary: boolean;
  summaryHour: number;
}

export interface AppInfo {
  version: string;
  /** 'none' until onboarding picked an account or the sandbox. */
  mode: 'none' | 'sandbox' | 'account';
  activeAccount: Account | null;
  dataDir: string;
}

// ---------- methods ----------
// Core methods live here; each domain keeps its own file (contract-links.ts,
// contract-live.ts, …) and is spread into `methods` and `Events` below.

const id = byId;

const apiKey = z
  .string()
  .trim()
  .min(1, 'Enter your API key.')
  .regex(
    /^sk_(live|test)_[A-Za-z0-9]+$/,
    'Use your secret key: it starts with sk_live_ or sk_test_.',
  );

export const accountAddInput = z
  .object({
    /** An account name ("acme"), a full API URL, or a sandbox URL. */
    account: z.string().trim().min(1, 'Enter your account name or API URL.').max(300),
    apiKey,
  })
  .strict();

export { newSandboxProfile, sandboxProfiles, type SandboxProfileName } from './sandbox-profiles';
const sandboxInput = z.object({ profile: z.enum(sandboxProfiles).optional() }).strict();

export const settingsUpdateInput = z
  .object({
    successUrl: httpUrl(),
    cancelUrl: httpUrl(),
    locale: z.enum(['auto', 'ca', 'de', 'en', 'es', 'fi', 'fr', 'hu', 'nl', 'sv', 'no']),
    paymentMethods: z.array(z.enum(['card', 'paypal'])).min(1, 'Pick at least one payment method.'),
    billingDetailsCollection: z.enum(['auto', 'required']),
    couponCollection: z.boolean(),
    emailTemplate: z.string().max(5000),
    notifications: z.boolean(),
    tunnelSubdomain: z
      .string()
      .trim()
      .regex(
        /^$|^[a-z0-9][a-z0-9-]{2,61}[a-z0-9]$/,
        'Use 4 to 63 lowercase letters, digits or dashes, or leave it empty.',
      ),
    tunnelHost: z.literal('').or(httpUrl('Use the http(s) address of your tunnel server.')),
    publicUrl: z
      .literal('')
      .or(httpUrl('Use the http(s) address that forwards to this computer.'))
      // The webhook goes to this address plus the console's secret path: nothing may follow it.
      .refine(
        (u) =>
          !/[?#]/.test(u) && !(URL.canParse(u) && `${new URL(u).username}${new URL(u).password}`),
        'Use just the address, like https://hooks.example.com: no user name, password, ?query or #fragment.',
      ),
    receiverPort: z
      .number()
      .int()
      .refine((p) => p === 0 || (p >= 1024 && p <= 65535), 'Use a port from 1024 to 65535, or 0.'),
    openAtLogin: z.boolean(),
    // null is 'not asked yet': a screen that saves every field sends it back as it read it.
    saleSound: z.boolean().nullable(),
    dailySummary: z.boolean(),
    summaryHour: z
      .number()
      .int()
      .min(0, 'Use an hour from 0 to 23.')
      .max(23, 'Use an hour from 0 to 23.'),
  })
  .partial()
  .strict();

export const methods = {
  'app.info': method<AppInfo>()(empty),
  /** Whether Quaderno was reachable at the last call (the offline banner's first value). */
  'app.connectivity': method<{ online: boolean; reason: string | null }>()(empty),
  /**
   * Reveals the file the last CSV export wrote in the OS file manager. Main refuses any other
   * path, so the page cannot open folders of its choosing; outside the desktop app it is
   * unavailable.
   */
  'app.showInFolder': method<{ shown: true }>()(
    z.object({ path: z.string().min(1).max(4096) }).strict(),
  ),
  'accounts.list': method<Account[]>()(empty),
  /** Verifies the key live against the API, stores it in the keychain, makes it active. */
  'accounts.add': method<Account>()(accountAddInput),
  /** Starts (or reuses) the built-in sandbox and makes its account active. */
  'accounts.useSandbox': method<Account>()(sandboxInput),
  /**
   * Also asks Quaderno to delete the webhooks this console made for it; `webhooksLeft` lists
   * those it could not (unreachable), for the merchant to delete by hand. `secretsLeft` names
   * the keychain entries the keychain did not delete (unavailable, timed out), likewise.
   */
  'accounts.remove': method<{ removed: true; webhooksLeft: number[]; secretsLeft: string[] }>()(id),
  'accounts.switch': method<Account>()(id),
  'products.list': method<Product[]>()(empty),
  /** Re-reads the catalogue from the API into SQLite. */
  'products.sync': method<Product[]>()(empty),
  'settings.get': method<Settings>()(empty),
  'settings.update': method<Settings>()(settingsUpdateInput),
  ...linkMethods,
  ...liveMethods,
  ...deskMethods,
  ...doctorMethods,
  ...deliveryMethods,
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type MethodInput<N extends MethodName> = z.input<Methods[N]['input']>;
export type MethodParsedInput<N extends MethodName> = z.output<Methods[N]['input']>;
// Exclude, not NonNullable: the phantom `result?` adds undefined, but a result may be null ('smtp.get').
export type MethodResult<N extends MethodName> = Exclude<Methods[N]['result'], undefined>;
export const methodNames = Object.keys(methods) as MethodName[];

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.hasOwn(methods, name);
}

// ---------- events (main → renderer) ----------
// Like `methods`, a value: the names below are its keys, so an event cannot be declared
// without being known to the preload, main's forwarding and the test bridge.

export const events = {
  'accounts.changed': event<{ accounts: Account[] }>(),
  'connectivity.changed': event<{ online: boolean; reason: string | null }>(),
  ...linkEvents,
  ...liveEvents,
  ...deskEvents,
  ...deliveryEvents,
  ...shellEvents,
} as const;

type PayloadOf<S> = S extends EventSpec<infer P> ? P : never;
export type Events = { [E in keyof typeof events]: PayloadOf<(typeof events)[E]> };
export type EventName = keyof Events;
export const eventNames = Object.keys(events) as EventName[];

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}

/** Sends an event to every listener: the console's bus, and through it the window. */
export type Emit = <E extends EventName>(name: E, payload: Events[E]) => void;

// ---------- what the renderer sees ----------

/** Exposed on `window.checkoutConsole` by the preload, and by the test bridge. */
export interface ConsoleBridge {
  invoke<N extends MethodName>(name: N, input: MethodInput<N>): Promise<MethodResult<N>>;
  on<E extends EventName>(name: E, listener: (payload: Events[E]) => void): () => void;
}

export { ContractError, IPC_EVENT_CHANNEL, IPC_PREFIX, unwrap } from './contract-core';
