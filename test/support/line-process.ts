// A long-running CLI child (`demo`, `listen`) read line by line: a test waits for the line it
// needs as an outcome, with a generous bound, instead of sleeping.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { CLI } from './run-process';

export interface LineProcess {
  child: ChildProcessWithoutNullStreams;
  readonly stdout: string[];
  stderr(): string;
  /** The first stdout line (seen or still to come) that `match` accepts. */
  line(what: string, match: (line: string) => boolean, timeoutMs?: number): Promise<string>;
  /** The exit code once the process has ended (null when a signal killed it). */
  exited: Promise<number | null>;
}

export function startCli(args: string[], env: NodeJS.ProcessEnv): LineProcess {
  return readLines(spawn(process.execPath, [CLI, ...args], { env }));
}

/**
 * A Node script given as ES module source (`node -e`, run from the repository so its imports
 * resolve), read like a CLI child: another process holding or writing the data file.
 */
export function startScript(source: string, args: string[]): LineProcess {
  return readLines(
    spawn(process.execPath, ['--input-type=module', '-e', source, ...args], { cwd: process.cwd() }),
  );
}

/** The first stdout line: what a sandbox, a holder or a writer prints once it is ready. */
export function firstLine(run: LineProcess, timeoutMs?: number): Promise<string> {
  return run.line('its first line', () => true, timeoutMs);
}

/**
 * Sends `signal` unless the process already ended and resolves with its exit code; a process
 * still there after `graceMs` is killed, so a stop never hangs a test (its code is then null).
 */
export function stopProcess(
  run: LineProcess,
  signal: NodeJS.Signals = 'SIGTERM',
  graceMs = 20_000,
): Promise<number | null> {
  const { child } = run;
  if (child.exitCode !== null || child.signalCode !== null) return run.exited;
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  return run.exited.finally(() => clearTimeout(timer));
}

function readLines(child: ChildProcessWithoutNullStreams): LineProcess {
  const stdout: string[] = [];
  let stderr = '';
  const waiters = new Set<(line: string) => void>();
  createInterface({ input: child.stdout }).on('line', (text) => {
    stdout.push(text);
    for (const waiter of [...waiters]) waiter(text);
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
  child.stdin.end();
  return {
    child,
    stdout,
    stderr: () => stderr,
    exited,
    line(what, match, timeoutMs = 90_000) {
      const seen = stdout.find(match);
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const done = (result: () => void) => {
          clearTimeout(timer);
          waiters.delete(waiter);
          result();
        };
        const waiter = (text: string) => {
          if (match(text)) done(() => resolve(text));
        };
        const timer = setTimeout(() => {
          done(() =>
            reject(
              new Error(
                `No ${what} within ${timeoutMs} ms.\nstdout:\n${stdout.join('\n')}\nstderr:\n${stderr}`,
              ),
            ),
          );
        }, timeoutMs);
        waiters.add(waiter);
        void exited.then((code) =>
          done(() =>
            reject(
              new Error(
                `Exited (${code}) before ${what}.\nstdout:\n${stdout.join('\n')}\nstderr:\n${stderr}`,
              ),
            ),
          ),
        );
      });
    },
  };
}
