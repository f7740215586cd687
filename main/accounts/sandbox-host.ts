// Runs the built-in sandbox inside the console for demo mode. Its state lives
// in the data folder so a demo survives a restart; the port is kept stable so
// permalinks made earlier still open.
import { join } from 'node:path';
import { ConsoleError } from '../errors';
import { startSandbox, type Sandbox } from '../sandbox';

export interface SandboxHost {
  ensure(): Promise<Sandbox>;
  current(): Sandbox | null;
  /** Takes the simulated Quaderno away until restart, as if the network were gone. */
  stop(): Promise<void>;
  close(): Promise<void>;
}

export function createSandboxHost(options: {
  dataDir: string;
  preferredPort: () => number | null;
  rememberPort: (port: number) => void;
}): SandboxHost {
  let running: Sandbox | null = null;
  let starting: Promise<Sandbox> | null = null;
  let stopped = false;

  async function start(): Promise<Sandbox> {
    const stateFile = join(options.dataDir, 'sandbox-state.json');
    const port = options.preferredPort();
    let sandbox: Sandbox;
    try {
      sandbox = await startSandbox({ stateFile, port: port ?? 0 });
    } catch (e) {
      if (port === null || (e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e;
      sandbox = await startSandbox({ stateFile, port: 0 });
    }
    options.rememberPort(sandbox.port);
    running = sandbox;
    return sandbox;
  }

  return {
    ensure() {
      if (stopped) {
        return Promise.reject(
          new ConsoleError(
            'offline',
            'The built-in sandbox is stopped, so there is no Quaderno to talk to. Restart the app to start it again.',
          ),
        );
      }
      if (running) return Promise.resolve(running);
      starting ??= start().finally(() => {
        starting = null;
      });
      return starting;
    },
    current: () => running,
    async stop() {
      stopped = true;
      await this.close();
    },
    async close() {
      const sandbox = running ?? (starting ? await starting.catch(() => null) : null);
      running = null;
      await sandbox?.close();
    },
  };
}
