import { randomInt } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { createApiHandler } from './api';
import { RateLimiter } from './auth';
import {
  checkoutFormTooLarge,
  renderCheckoutPage,
  submitCheckoutPage,
  unknownCheckout,
} from './checkout-page';
import type { SandboxContext } from './context';
import { handleControl } from './control';
import { createDeliverer, type Deliverer } from './delivery';
import { checkoutEventBody } from './events';
import { FaultTable, type FaultPlan } from './faults';
import { createGuard } from './guard';
import {
  BodyTooLarge,
  bodyTooLarge,
  error,
  normalizePath,
  readBody,
  writeReply,
  type Reply,
} from './http';
import type { Sandbox, SandboxOptions, SandboxRequest } from './index';
import { randomAlphanumeric } from './random';
import { sweepIntervalMs, sweepLifecycle, type LifecycleLimits } from './lifecycle';
import {
  OBSERVED_ABANDON_AFTER_MS,
  OBSERVED_REMOVE_ABANDONED_AFTER_MS,
  type SandboxProfile,
} from './profile';
import { demoItems } from './seed';
import { createPersister, loadState, type SandboxState } from './state';

const FAULT_MESSAGES: Record<number, string> = {
  429: 'Rate limit exceeded. Retry later.',
  500: 'Internal server error. Retry later.',
  502: 'Bad gateway. Retry later.',
  503: 'Service unavailable. Retry later.',
  504: 'Gateway timeout. Retry later.',
};

// The request log is for tests counting calls; in the app's demo the sandbox runs for days, and
// calls without a key are logged too, so the log keeps the newest entries and cuts long targets.
const REQUEST_LOG_LIMIT = 10_000;
const LOGGED_PATH_CHARS = 2048;

function freshState(options: SandboxOptions): SandboxState {
  const items = options.seed === false ? [] : demoItems(101, new Date().toISOString());
  return {
    version: 1,
    apiKey: options.apiKey ?? 'sk_test_' + randomAlphanumeric(24),
    publishableKey: 'pk_test_' + randomAlphanumeric(24),
    accountName: options.accountName ?? 'sandbox-demo',
    identityId: 1001,
    // Separate id ranges per kind make a session id passed as a webhook id fail loudly.
    nextId: { item: 101 + items.length, session: freshSessionId(), webhook: 301, contact: 9001 },
    items,
    sessions: [],
    webhooks: [],
  };
}

/**
 * A fresh sandbox (no state file, or a deleted one) must not hand out the ids an earlier run
 * did: a console that stored those sessions would take a new one for an old one. A random
 * block of a thousand, far above the other kinds' ranges, makes a repeat very unlikely.
 */
function freshSessionId(): number {
  return randomInt(10_000, 1_000_000) * 1000 + 1;
}

function listen(server: ReturnType<typeof createServer>, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const loaded = options.stateFile ? loadState(options.stateFile) : null;
  const state = loaded ?? freshState(options);
  if (options.apiKey) state.apiKey = options.apiKey;
  if (options.accountName) state.accountName = options.accountName;
  const profile: SandboxProfile = options.profile ?? state.profile ?? 'documented';
  state.profile = profile;
  const persist = createPersister(options.stateFile, state);
  persist.flush();

  const server = createServer();
  const port = await listen(server, options.port ?? 0);
  const origin = `http://127.0.0.1:${port}`;
  const closing = new AbortController();
  const limiter = new RateLimiter(
    options.rateLimit?.limit ?? 100,
    options.rateLimit?.windowMs ?? 15_000,
  );
  const faults = new FaultTable();
  const requests: SandboxRequest[] = [];
  let deliverer: Deliverer | null = null;
  let closed: Promise<void> | undefined;
  // Tests compress time by moving this clock forward instead of waiting 30 minutes.
  let clockOffsetMs = 0;
  const limits: LifecycleLimits = {
    abandonAfterMs: options.abandonAfterMs ?? OBSERVED_ABANDON_AFTER_MS,
    removeAbandonedAfterMs: options.removeAbandonedAfterMs ?? OBSERVED_REMOVE_ABANDONED_AFTER_MS,
  };

  const ctx: SandboxContext = {
    state,
    origin,
    apiUrl: `${origin}/api/`,
    profile,
    persist,
    closing: closing.signal,
    requestAmountUnits: options.requestAmountUnits ?? 'minor',
    now: () => new Date(Date.now() + clockOffsetMs),
    emit(eventType, sessionId) {
      const session = state.sessions.find((s) => s.id === sessionId);
      if (!session || !deliverer) return;
      deliverer.dispatch(eventType, sessionId, checkoutEventBody(ctx, eventType, session));
    },
  };
  const deliveries = createDeliverer(
    ctx,
    options.webhookRetryDelayMs ?? 3000,
    options.signatureScheme,
  );
  deliverer = deliveries;

  const apiReply = createApiHandler(ctx, limiter);
  const sweep = (): void => sweepLifecycle(ctx, limits);
  const advanceClock = (ms: number): string => {
    clockOffsetMs += Math.max(0, ms);
    sweep();
    return ctx.now().toISOString();
  };
  const sweeper = profile === 'observed' ? setInterval(sweep, sweepIntervalMs(limits)) : null;
  sweeper?.unref();

  async function pageReply(req: IncomingMessage, token: string): Promise<Reply> {
    if (req.method === 'GET' || req.method === 'HEAD') return renderCheckoutPage(ctx, token);
    if (req.method === 'POST') {
      let form: string;
      try {
        form = await readBody(req);
      } catch (e) {
        if (e instanceof BodyTooLarge) return bodyTooLarge(checkoutFormTooLarge());
        throw e;
      }
      return submitCheckoutPage(ctx, token, form);
    }
    return { ...error(405, 'Method not allowed'), headers: { Allow: 'GET, POST' } };
  }

  const guard = createGuard(port);

  async function route(req: IncomingMessage, url: URL, path: string): Promise<Reply> {
    if (!guard.hostAllowed(req)) return error(403, 'Open the sandbox through 127.0.0.1.');
    const unsafe = req.method !== 'GET' && req.method !== 'HEAD';
    if (unsafe && !guard.originAllowed(req)) {
      return error(403, 'Requests from other sites are not accepted by the sandbox.');
    }
    if (path === '/api' || path.startsWith('/api/')) return apiReply(req, url, path);
    if (path.startsWith('/__sandbox/'))
      return handleControl({ ctx, faults, deliveries, advanceClock }, req, path);
    const page = url.pathname.replace(/\/+$/, '').match(/^\/checkout\/session\/([^/]+)$/);
    if (page?.[1]) return pageReply(req, page[1]);
    if (url.pathname.startsWith('/checkout/session')) return unknownCheckout();
    return error(404, 'Not found');
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // On the host the caller used (127.0.0.1 or localhost: the guard refuses any other), so the
    // links the sandbox hands out (X-Pages-NextPage) lead back the way it came, as Rails' do. An
    // absolute-form target's own host is never taken.
    const target = new URL(req.url ?? '/', origin);
    const base = req.headers.host && guard.hostAllowed(req) ? `http://${req.headers.host}` : origin;
    const url = new URL(target.pathname + target.search, base);
    const path = normalizePath(url.pathname);
    const method = req.method ?? 'GET';
    const isApi = path === '/api' || path.startsWith('/api/');
    // Time-driven moves are due before anyone reads the state they change.
    sweep();
    const fault: FaultPlan | null = path.startsWith('/__sandbox/')
      ? null
      : faults.take(method, path);
    if (fault && fault.delayMs > 0)
      await sleep(fault.delayMs, undefined, { signal: closing.signal });
    const reply =
      fault?.status !== undefined
        ? error(fault.status, FAULT_MESSAGES[fault.status] ?? `Injected fault ${fault.status}`)
        : await route(req, url, path);
    if (isApi) {
      const entry: SandboxRequest = {
        method,
        path: (req.url ?? '/').slice(0, LOGGED_PATH_CHARS),
        status: reply.status,
        at: Date.now(),
      };
      if (fault?.drop) entry.dropped = true;
      requests.push(entry);
      if (requests.length > REQUEST_LOG_LIMIT)
        requests.splice(0, requests.length - REQUEST_LOG_LIMIT);
    }
    if (fault?.drop) {
      // The work is done (a session may exist now) but the caller never hears back.
      req.socket.destroy();
      return;
    }
    writeReply(res, reply);
  }

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch(() => {
      if (closing.signal.aborted || res.headersSent) res.destroy();
      else writeReply(res, error(500, 'The sandbox hit an internal error. Retry the call.'));
    });
  });

  return {
    origin,
    apiUrl: ctx.apiUrl,
    apiKey: state.apiKey,
    port,
    accountName: state.accountName,
    profile,
    advanceClock,
    requestLog: () => requests.map((r) => ({ ...r })),
    deliveries: () => deliveries.log(),
    close() {
      closed ??= (async () => {
        closing.abort();
        if (sweeper) clearInterval(sweeper);
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await stopped;
        await persist.settled();
        persist.flush();
      })();
      return closed;
    },
  };
}
