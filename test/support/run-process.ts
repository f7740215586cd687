// Runs a child process to the end and collects its output. Asynchronous on purpose: the
// sandbox usually runs inside the test process, and a spawnSync would starve it.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

export const CLI = 'bin/checkout-console.js';

export function collect(
  child: ChildProcessWithoutNullStreams,
  input = '',
  timeoutMs = 120_000,
): Promise<Finished> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(input);
  });
}

export function runProcess(
  command: string,
  args: string[],
  options: { env: NodeJS.ProcessEnv; input?: string; timeoutMs?: number },
): Promise<Finished> {
  return collect(spawn(command, args, { env: options.env }), options.input, options.timeoutMs);
}

/** `checkout-console ARGS` as a merchant runs it, with exactly the given environment. */
export function runCli(
  args: string[],
  options: { env: NodeJS.ProcessEnv; input?: string; timeoutMs?: number },
): Promise<Finished> {
  return runProcess(process.execPath, [CLI, ...args], options);
}

/**
 * A merchant's shell with nothing set up: PATH and a throwaway HOME, no session bus, display or
 * account variables (so no real keychain or account leaks in), plus `extra`.
 */
export function bareEnv(home: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: home, ...extra };
}

/** `bareEnv` with the account variables naming `api` (a sandbox or a scripted server). */
export function accountEnv(
  home: string,
  api: { apiUrl: string; apiKey: string },
  extra: NodeJS.ProcessEnv = {},
): NodeJS.ProcessEnv {
  return bareEnv(home, {
    CHECKOUT_CONSOLE_API_URL: api.apiUrl,
    CHECKOUT_CONSOLE_API_KEY: api.apiKey,
    ...extra,
  });
}
