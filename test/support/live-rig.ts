// The start-up live, sandbox and console tests share: sandboxes, webhook sinks, consoles and
// anything else a test opens are closed after that test, the last opened first.
import { createServer, type AddressInfo } from 'node:net';
import type { LiveStatus } from '../../preload/contract';
import { valueOf } from '../../main/commands/output';
import type { CheckoutConsole, ConsoleOptions } from '../../main/console';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../main/sandbox';
import { useCleanups } from './cleanups';
import type { TempDir } from './temp-dir';
import { startWebhookSink, type WebhookSink } from './webhook-sink';

export interface Rig {
  /** Runs `cleanup` after the current test, before what was added earlier. */
  later: (cleanup: () => unknown) => void;
  sandbox: (options?: SandboxOptions) => Promise<Sandbox>;
  sink: () => Promise<WebhookSink>;
  /**
   * A console on the rig's temp folder with in-memory secrets, using `sb`'s account through the
   * environment (no account at all for null); `extra` is added to its options.
   */
  console: (sb: Sandbox | null, extra?: Partial<ConsoleOptions>) => Promise<CheckoutConsole>;
}

/**
 * Call at the top of a test file, after useTempDir(): hooks run last-registered first, so the
 * rig closes its consoles before the temp folder under them is removed.
 */
export function useRig(tmp?: TempDir): Rig {
  const { defer: later, closing } = useCleanups();
  return {
    later,
    sandbox: async (options) => closing(await startSandbox(options)),
    sink: async () => closing(await startWebhookSink()),
    async console(sb, extra = {}) {
      if (!tmp) throw new Error('useRig(tmp) needs the temp folder to open a console in.');
      // Loaded on first use: the sandbox and client tests never open a console.
      const [{ createConsole }, { createMemorySecrets }] = await Promise.all([
        import('../../main/console'),
        import('../../main/secrets'),
      ]);
      const cc = await createConsole({
        dataDir: tmp.path,
        secrets: createMemorySecrets(),
        env: sb ? { CHECKOUT_CONSOLE_API_URL: sb.apiUrl, CHECKOUT_CONSOLE_API_KEY: sb.apiKey } : {},
        ...extra,
      });
      return closing(cc);
    },
  };
}

/** A loopback port nothing listens on (it was free a moment ago). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

export const liveStatus = async (cc: CheckoutConsole): Promise<LiveStatus> =>
  valueOf<LiveStatus>(await cc.call('live.status', {}));
