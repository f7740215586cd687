// `checkout-console` as a merchant runs it against a sandbox account, its secrets (the SMTP
// password…) in a real keychain of its own: a D-Bus session with an unlocked gnome-keyring that
// lives as long as the test. For the CLI tests of rules, jobs and keys.
import { startSandbox, type Sandbox } from '../../main/sandbox';
import type { Cleanups } from './cleanups';
import { startKeyringSession } from './readme-keyring';
import { accountEnv, runCli, type Finished } from './run-process';
import type { TempDir } from './temp-dir';

export interface SandboxCli {
  sandbox: Sandbox;
  /** `checkout-console --data-dir <tmp> ARGS`, with `input` on its stdin. */
  cli(args: string[], input?: string): Promise<Finished>;
}

/** A sandbox and a keychain, both stopped after the test; `env` adds to the shell's variables. */
export async function startSandboxCli(
  tmp: TempDir,
  cleanups: Cleanups,
  env: NodeJS.ProcessEnv = {},
): Promise<SandboxCli> {
  const sandbox = cleanups.closing(await startSandbox());
  const keyring = await startKeyringSession(tmp.path);
  cleanups.defer(() => keyring.close());
  const shell = accountEnv(tmp.path, sandbox, {
    DBUS_SESSION_BUS_ADDRESS: keyring.address,
    ...env,
  });
  return {
    sandbox,
    cli: (args, input = '') => runCli(['--data-dir', tmp.path, ...args], { env: shell, input }),
  };
}
