// A console wired to a real sandbox and a real SQLite file, for the links tests.
import { afterEach, beforeEach } from 'vitest';
import { createConsole, type CheckoutConsole, type ConsoleOptions } from '../../../main/console';
import { startSandbox, type Sandbox } from '../../../main/sandbox';
import { createMemorySecrets } from '../../../main/secrets';
import type { Envelope, ErrorPayload, Product } from '../../../preload/contract';
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

export function value<T>(envelope: Envelope<unknown>): T {
  if (!envelope.ok) throw new Error(`${envelope.error.code}: ${envelope.error.message}`);
  return envelope.value as T;
}

export function failure(envelope: Envelope<unknown>): ErrorPayload {
  if (envelope.ok) throw new Error(`expected a failure, got ${JSON.stringify(envelope.value)}`);
  return envelope.error;
}

export function useLinksWorld(): () => LinksWorld {
  const tmp = useTempDir();
  let world: LinksWorld | undefined;
  const consoles: CheckoutConsole[] = [];

  beforeEach(async () => {
    const sandbox = await startSandbox({ rateLimit: { limit: 10_000, windowMs: 15_000 } });
    const secrets = createMemorySecrets();
    // Built as a variable: live options exist only once the live service lands.
    const options = { dataDir: tmp.path, secrets, env: {}, live: { autoStart: false } };
    const open = async () => {
      const cc = await createConsole(options as ConsoleOptions);
      consoles.push(cc);
      return cc;
    };
    const cc = await open();
    value(await cc.call('accounts.add', { account: sandbox.apiUrl, apiKey: sandbox.apiKey }));
    const products = value<Product[]>(await cc.call('products.list', {}));
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
        const found = products.filter((p) => p.currency === currency)[index];
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
