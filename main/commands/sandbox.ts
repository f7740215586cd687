import { join } from 'node:path';
import { ensureDataDir } from '../paths';
import { isSandboxProfile, SANDBOX_PROFILES, startSandbox } from '../sandbox';
import { type Io, UsageError } from './output';

export const CLI_SANDBOX_STATE = 'sandbox-cli-state.json';

export async function runSandbox(
  flags: { port?: string; key?: string; json?: boolean; state?: string; profile?: string },
  io: Io,
  stop: Promise<void>,
  dataDir: string,
): Promise<void> {
  const port = flags.port === undefined ? 0 : Number(flags.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(
      `--port must be a whole number from 0 to 65535, not ${JSON.stringify(flags.port)}.`,
    );
  }
  if (flags.key !== undefined && !/^sk_test_[A-Za-z0-9]+$/.test(flags.key)) {
    throw new UsageError(
      '--key must look like a Quaderno test key: sk_test_ followed by letters and digits.',
    );
  }
  const profile = flags.profile;
  if (profile !== undefined && !isSandboxProfile(profile)) {
    throw new UsageError(
      `--profile must be one of ${SANDBOX_PROFILES.join(', ')}, not ${JSON.stringify(profile)}.`,
    );
  }
  // Made level by level and private, like the console's own (a bad --data-dir fails at once).
  if (flags.state === undefined) ensureDataDir(dataDir);
  const sandbox = await startSandbox({
    port,
    ...(flags.key ? { apiKey: flags.key } : {}),
    // Without --profile, the one kept in the state file (else documented) applies.
    ...(profile ? { profile } : {}),
    // Kept in the data folder by default, so a restart does not start the ids again and the
    // console's stored links keep matching. Not the app's own demo file: both may run at once.
    stateFile: flags.state ?? join(dataDir, CLI_SANDBOX_STATE),
  });
  if (flags.json) {
    io.out(
      JSON.stringify({ apiUrl: sandbox.apiUrl, apiKey: sandbox.apiKey, profile: sandbox.profile }),
    );
  } else {
    io.out(`Quaderno sandbox running at ${sandbox.apiUrl}`);
    io.out(`API key: ${sandbox.apiKey}`);
    io.out(`Profile: ${sandbox.profile}`);
    io.out(`Try: curl -u ${sandbox.apiKey}:x ${sandbox.apiUrl}items.json`);
    io.out('Press Ctrl+C to stop.');
  }
  await stop;
  await sandbox.close();
}
