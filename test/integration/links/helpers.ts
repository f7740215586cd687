// A console wired to a real sandbox and a real SQLite file, for the links tests.
import { afterEach, beforeEach } from 'vitest';
import { createConsole, type CheckoutConsole, type ConsoleOptions } from '../../../main/console';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../../main/sandbox';
import { createMemorySecrets } from '../../../main/secrets';
import type { Envelope, ErrorPayload, Product } from '../../../preload/contract';
import { currencyOf, suiteProfile } from '../../support/sandbox-profiles';
import { useTempDir } from '../../support/temp-dir';

export interface LinksWorld {
  sandbox: Sandbox;
  cc: CheckoutConsole;
  dataDir: string;
  products: Product[];
  product(currency: string, index?: number): Product;
  /** Calls to the sandbox's /api matching method and a path prefix (query string ignored). */
  calls(method: string, path: RegExp): number;
  control(id: number, action: 'complete' | 'fail' | 'abandon' | 'process'): Promise<void>;
  fault(body: Record<string, unknown>): Promise<void>;
  reopen(): Promise<CheckoutConsole>;
}

export function failure(envelope: Envelope<unknown>): ErrorPayload {
  if (envelope.ok) throw new Error(`expected a failure, got ${JSON.stringify(envelope.value)}`);
  return envelope.error;
}

export interface WorldOptions {
  sandbox?: SandboxOptions;
  /** Puts a server in front of the sandbox; the account is added with its /api/ URL. */
  front?: (sandbox: Sandbox) => Promise<{ apiUrl: string; close(): Promise<void> }>;
}

export function useLinksWorld(options: WorldOptions = {}): () => LinksWorld {
  const tmp = useTempDir();
  let world: LinksWorld | undefined;
  const consoles: CheckoutConsole[] = [];
  let front: { apiUrl: string; close(): Promise<void> } | undefined;

  beforeEach(async () => {
    const sandbox = await startSandbox({
      rateLimit: { limit: 10_000, windowMs: 15_000 },
      profile: suiteProfile(),
      ...options.sandbox,
    });
    front = await options.front?.(sandbox);
    const secrets = createMemorySecrets();
    // Built as a variable: live options exist only once the live service lands.
    const consoleOptions = { dataDir: tmp.path, secrets, env: {}, live: { autoStart: false } };
    const open = async () => {
      const cc = await createConsole(consoleOptions as ConsoleOptions);
      consoles.push(cc);
      return cc;
    };
    const cc = await open();
    const account = front?.apiUrl ?? sandbox.apiUrl;
    await cc.invoke('accounts.add', { account, apiKey: sandbox.apiKey });
    const products = await cc.invoke('products.list', {});
    const post = async (path: string, body: unknown) => {
      const res = await fetch(`${sandbox.origin}${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`${path} → ${res.status} ${await res.text()}`);
    };
    world = {
      sandbox,
      cc,
      dataDir: tmp.path,
      products,
      product(currency, index = 0) {
        const found = products.filter((p) => currencyOf(p) === currency)[index];
        if (!found) throw new Error(`no ${currency} product`);
        return found;
      },
      calls: (method, path) =>
        sandbox
          .requestLog()
          .filter((r) => r.method === method && path.test(r.path.split('?')[0] ?? '')).length,
      control: (id, action) => post(`/__sandbox/checkout/sessions/${id}/${action}`, {}),
      fault: (body) => post('/__sandbox/faults', body),
      async reopen() {
        const next = await open();
        if (world) world.cc = next;
        return next;
      },
    };
  });
  afterEach(async () => {
    for (const cc of consoles.splice(0)) await cc.close();
    await front?.close();
    front = undefined;
    await world?.sandbox.close();
    world = undefined;
  });
  return () => {
    if (!world) throw new Error('world not ready');
    return world;
  };
}

export const SESSIONS = /^\/api\/checkout\/sessions(\.json)?$/;
export const ONE_SESSION = /^\/api\/checkout\/sessions\/\d+(\.json)?$/;
