// Runs the built-in sandbox inside the console for demo mode. Its state lives
// in the data folder so a demo survives a restart; the port is kept stable so
// permalinks made earlier still open.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { newSandboxProfile } from '../../preload/contract';
import { ConsoleError } from '../errors';
import { startSandbox, type Sandbox, type SandboxProfile } from '../sandbox';

/**
 * The profile a NEW sandbox account starts with (one made before keeps the one in its state
 * file, else 'documented'). The default is `newSandboxProfile` in preload/contract.ts (observed),
 * so the app's sandbox choice offers the same one first.
 */
export const NEW_SANDBOX_PROFILE: SandboxProfile = newSandboxProfile;

export interface SandboxHost {
  ensure(): Promise<Sandbox>;
  current(): Sandbox | null;
  /**
   * Makes the sandbox imitate `profile` from now on (kept in its state file); a running
   * sandbox with another profile is restarted on the same port, its demo data kept.
   */
  setProfile(profile: SandboxProfile): Promise<void>;
  /** Takes the simulated Quaderno away until resume(), as if the network were gone. */
  stop(): Promise<void>;
  /**
   * Undoes stop(): the merchant asked for the sandbox (the offline banner's Restart sandbox).
   * Only an explicit choice resumes it; calls that merely need Quaderno (a connectivity probe,
   * a sync) still find it stopped, or the offline state could never be seen.
   */
  resume(): Promise<Sandbox>;
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
  // Set by setProfile; otherwise the state file's choice, or NEW_SANDBOX_PROFILE for a new one.
  let chosen: SandboxProfile | null = null;

  async function start(): Promise<Sandbox> {
    const stateFile = join(options.dataDir, 'sandbox-state.json');
    const port = options.preferredPort();
    const profile = chosen ?? (existsSync(stateFile) ? undefined : NEW_SANDBOX_PROFILE);
    const base = { stateFile, ...(profile ? { profile } : {}) };
    let sandbox: Sandbox;
    try {
      sandbox = await startSandbox({ ...base, port: port ?? 0 });
    } catch (e) {
      if (port === null || (e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e;
      sandbox = await startSandbox({ ...base, port: 0 });
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
            'The built-in sandbox is stopped, so there is no Quaderno to talk to. Choose Restart sandbox to start it again.',
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
    async setProfile(profile) {
      chosen = profile;
      const sandbox = running ?? (starting ? await starting.catch(() => null) : null);
      if (!sandbox || sandbox.profile === profile) return;
      running = null;
      await sandbox.close();
    },
    async stop() {
      stopped = true;
      await this.close();
    },
    resume() {
      stopped = false;
      return this.ensure();
    },
    async close() {
      const sandbox = running ?? (starting ? await starting.catch(() => null) : null);
      running = null;
      await sandbox?.close();
    },
  };
}
