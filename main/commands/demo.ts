// `demo`: the whole product in one command, for a server, a container or a machine without the
// Electron binary: the built-in sandbox, the receiver wired to it, a sample link, each sale live.
import { join } from 'node:path';
import type { Link } from '../../preload/contract';
import { createConsole, type CheckoutConsole } from '../console';
import { ConsoleError } from '../errors';
import { ensureDataDir } from '../paths';
import { ENV_API_KEY, ENV_API_URL, type SecretStore } from '../secrets';
import { createEndedLinkPrinter, waitUntilReceiving } from './demo-live';
import { createPrinter, listenOverride } from './live';
import { type Io, valueOf } from './output';
import { Stopped, type StopSignal, unlessStopped, withinMs } from './signals';

/**
 * The demo keeps its own ledger in this sub-folder of the data folder: its one sandbox account
 * is active there, so the merchant's own ledger (and which account is active in it) is never
 * touched, and repeated runs find the same account and the earlier demo sales.
 */
export const DEMO_FOLDER = 'demo';

/** A product the built-in sandbox always has (its codes are stable, main/sandbox/seed.ts). */
export const DEMO_PRODUCT = 'prod_15d41f90aa6b1d';
export const DEMO_CUSTOMER = { email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' };

// Every event was stored before its 200, so a close that hangs may be cut short.
const CLOSE_BOUND_MS = 10_000;

// The sandbox account's key comes from the sandbox itself and its webhook keys stay in memory
// (a Quaderno on this machine), so nothing needs the keychain: a container has no D-Bus.
const noKeychain: SecretStore = {
  get: async () => null,
  set: async () => {
    throw new ConsoleError(
      'keychain_unavailable',
      'The demo keeps no keys. Use `checkout-console login` for a real account.',
    );
  },
  delete: async () => false,
};

export async function runDemo(
  flags: { port?: string; json?: boolean },
  io: Io,
  stopped: Promise<StopSignal>,
  dataDir: string,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  const override = listenOverride({ ...(flags.port === undefined ? {} : { port: flags.port }) });
  ensureDataDir(dataDir);
  const demoDir = join(dataDir, DEMO_FOLDER);
  const opening = createConsole({
    dataDir: demoDir,
    secrets: noKeychain,
    // The merchant's headless account must not become an account of the demo's ledger.
    env: { ...env, [ENV_API_URL]: undefined, [ENV_API_KEY]: undefined },
    live: { autoStart: true, override, holderName: 'checkout-console demo' },
  });
  let cc: CheckoutConsole | null = null;
  try {
    cc = await unlessStopped(opening, stopped);
    const link = await unlessStopped(setUpSandboxWithSampleLink(cc, override.port), stopped);
    showLink(io, Boolean(flags.json), link, demoDir);
    const printSale = createPrinter(cc, io, Boolean(flags.json));
    const printEnded = createEndedLinkPrinter(cc, io, Boolean(flags.json));
    const off = cc.onAny((name, payload) => {
      if (name === 'fulfillments.changed') void printSale(name, payload);
      if (name === 'links.changed') void printEnded((payload as { ids: number[] }).ids);
    });
    await stopped;
    off();
  } catch (e) {
    // A signal while starting up is the same normal end as one while waiting for sales.
    if (!(e instanceof Stopped)) throw e;
  } finally {
    // Stopped while opening: close the console once it is there.
    const closing = cc ? cc.close() : opening.then((late) => late.close());
    await withinMs(closing, CLOSE_BOUND_MS);
  }
  // Its normal end: the caller says "Stopped." (main/cli.ts, endedByStop).
  return 0;
}

/** The sandbox account active in the demo's ledger, its webhook registered, the sample link. */
async function setUpSandboxWithSampleLink(
  cc: CheckoutConsole,
  port: number | undefined,
): Promise<Link> {
  const info = valueOf(await cc.call('app.info', {}));
  // Switching to the sandbox starts the receiver for it (the live service follows the switch).
  if (info.mode !== 'sandbox') valueOf(await cc.call('accounts.useSandbox', {}));
  await waitUntilReceiving(cc, port);
  const result = valueOf(
    await cc.call('links.create', {
      customer: DEMO_CUSTOMER,
      items: [{ product: DEMO_PRODUCT, quantity: 1 }],
      // A later run shows the same link while it is still unpaid.
      forceNew: false,
    }),
  );
  return result.link;
}

function showLink(io: Io, json: boolean, link: Link, demoDir: string): void {
  if (json) {
    const data = { linkId: link.id, permalink: link.permalink, dataDir: demoDir };
    io.out(JSON.stringify({ event: 'demo', at: new Date().toISOString(), data }));
    return;
  }
  io.out(
    'Open this checkout link in a browser and pay (the sandbox takes no real money); each sale ' +
      'appears below as it is recorded. Press Ctrl+C to stop.',
  );
  io.out(link.permalink);
  io.err(
    `Demo sales are kept in ${demoDir}; \`checkout-console --data-dir "${demoDir}" fulfillments\` lists them.`,
  );
}
