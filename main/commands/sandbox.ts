import { join, resolve } from 'node:path';
import { lastCliSandbox, rememberCliSandbox } from '../accounts';
import { ensureDataDir } from '../paths';
import {
  isSandboxProfile,
  loadSandboxState,
  SANDBOX_PROFILES,
  startSandbox,
  type SandboxOptions,
} from '../sandbox';
import { wholeNumber } from './whole-number';
import { type Io, UsageError } from './output';
import { lockCliSandbox, type SandboxLock } from './sandbox-lock';

export const CLI_SANDBOX_STATE = 'sandbox-cli-state.json';

export async function runSandbox(
  flags: { port?: string; key?: string; json?: boolean; state?: string; profile?: string },
  io: Io,
  stop: Promise<void>,
  dataDir: string,
): Promise<void> {
  const port = flags.port === undefined ? 0 : wholeNumber('--port', flags.port, 0, 65535);
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
  const stateFile = resolve(flags.state ?? join(dataDir, CLI_SANDBOX_STATE));
  refuseOtherKey(flags.key, stateFile);
  // Before the port: "already running" is the message to see, not "port in use".
  const lock = flags.state === undefined ? lockCliSandbox(dataDir) : undefined;
  try {
    await runLocked(flags, io, stop, { dataDir, stateFile, port, profile, lock });
  } finally {
    lock?.release();
  }
}

async function runLocked(
  flags: { port?: string; key?: string; json?: boolean; state?: string },
  io: Io,
  stop: Promise<void>,
  at: {
    dataDir: string;
    stateFile: string;
    port: number;
    profile: SandboxOptions['profile'];
    lock: SandboxLock | undefined;
  },
): Promise<void> {
  const { dataDir, stateFile, port, profile } = at;
  const options: SandboxOptions = {
    ...(flags.key ? { apiKey: flags.key } : {}),
    // Without --profile, the one kept in the state file (else documented) applies.
    ...(profile ? { profile } : {}),
    // Kept in the data folder by default, so a restart does not start the ids again and the
    // console's stored links keep matching. Not the app's own demo file: both may run at once.
    stateFile,
  };
  // Without --port, the last one again: an account logged in with `login --sandbox` keeps its URL.
  const previous = flags.port === undefined ? lastCliSandbox(dataDir)?.port : undefined;
  const sandbox = previous
    ? await startSandbox({ ...options, port: previous }).catch((e: unknown) => {
        if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e;
        return startSandbox(options);
      })
    : await startSandbox({ ...options, port });
  // A --state sandbox is a separate one: `login --sandbox` keeps meaning the folder's own.
  if (flags.state === undefined) {
    rememberCliSandbox(dataDir, { apiUrl: sandbox.apiUrl, port: sandbox.port, stateFile });
  }
  at.lock?.runningAt(sandbox.apiUrl);
  if (previous && sandbox.port !== previous) {
    io.err(
      `Port ${previous} is in use, so the sandbox runs at ${sandbox.apiUrl} this time. ` +
        'An account logged in at the old port answers again once the sandbox runs there ' +
        '(stop what uses it, then restart the sandbox); `checkout-console login --sandbox` ' +
        'adds this address.',
    );
  }
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

/**
 * A saved sandbox keeps its key: accounts logged in to it hold that key, and a new one would
 * have them refused ("did not accept this API key") with nothing saying why.
 */
function refuseOtherKey(key: string | undefined, stateFile: string): void {
  const saved = key === undefined ? undefined : loadSandboxState(stateFile)?.apiKey;
  if (saved === undefined || saved === key) return;
  throw new UsageError(
    `--key ${key}: this sandbox (kept in ${stateFile}) already has the key ${saved}, and ` +
      'accounts logged in to it use that one. Drop --key to keep it, or add --state FILE to ' +
      'run a separate sandbox with the new key.',
  );
}
