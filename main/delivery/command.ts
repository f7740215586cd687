// The command action (CLI `listen` only, opt-in): runs the rule's command through the shell with
// the sale as JSON on stdin; exit code 0 means delivered. The command runs in a process group of
// its own, so a time limit or a stop ends what it started too (a `sleep &` would outlive a kill
// of the shell alone and hold the job's pipes). A try ends only once that group is gone: a stop
// that released the job while the command still ran would let the next start run it alongside,
// and a command left behind by process.exit() would deliver after the console said it had not.
// Whatever the shell leaves running when it exits on its own is ended too.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { quotedExcerpt } from './reason-text';
import { takesToEnd } from './try-limit';
import { DeliveryFailure, type Action } from './types';

export interface CommandOptions {
  /** The environment the command starts from (default: this process's), minus our own. */
  env?: NodeJS.ProcessEnv;
  /** Bytes kept of each of stdout and stderr: the last ones (default 64 KB). */
  maxOutputBytes?: number;
  /** Between SIGTERM and SIGKILL (default 2 s). */
  killGraceMs?: number;
}

const DEFAULT_MAX_OUTPUT = 64 * 1024;
const DEFAULT_GRACE_MS = 2000;
/** After the shell exits, how long a background child may keep our pipes open. */
const PIPE_DRAIN_MS = 500;
/** After SIGKILL, how long the group may take to be gone before we stop waiting (a D state). */
const KILL_WAIT_MS = 1000;
const POLL_MS = 50;
const QUOTED_LINES = 5;
const QUOTED_CHARS = 300;

export function createCommandAction(options: CommandOptions = {}): Action {
  const maxOutput = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT;
  const graceMs = options.killGraceMs ?? DEFAULT_GRACE_MS;

  return async ({ job, rule, payload, signal }) => {
    if (rule.action.kind !== 'command') {
      throw new DeliveryFailure(`Rule '${rule.name}' does not run a command.`, {
        retryable: false,
      });
    }
    const { timeoutSeconds } = rule.action;
    const env = {
      ...commandEnv(options.env ?? process.env),
      CHECKOUT_CONSOLE_IDEMPOTENCY_KEY: job.idempotencyKey,
      CHECKOUT_CONSOLE_SALE_ID: String(payload.sale.id),
    };
    // SIGTERM, the grace, SIGKILL, the group gone, the pipes drained: the worker waits for that.
    takesToEnd(signal, graceMs + KILL_WAIT_MS + PIPE_DRAIN_MS + 500);
    const ended = await runShell(rule.action.command, {
      input: JSON.stringify(payload),
      env,
      timeoutMs: timeoutSeconds * 1000,
      signal,
      maxOutput,
      graceMs,
    });
    if (ended.kind === 'exited' && ended.code === 0) return;
    throw failureOf(ended, timeoutSeconds);
  };
}

/**
 * Every CHECKOUT_CONSOLE_* variable goes: the API key and whatever secret a headless server
 * hands the console that way are not the command's business. (Windows names ignore case.)
 */
function commandEnv(base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(base).filter(([name]) => !name.toUpperCase().startsWith('CHECKOUT_CONSOLE_')),
  );
}

type Ended =
  | { kind: 'exited'; code: number; stderr: string }
  | { kind: 'signalled'; signal: string; stderr: string }
  | { kind: 'timed-out' }
  | { kind: 'stopped' }
  | { kind: 'not-started'; reason: string };

// A command ended before its own end (a signal, its time limit, the worker stopping) may have
// done part of its work: like an email never confirmed, it is run at most once more.
const partly = { mayHaveDelivered: true };

function failureOf(ended: Ended, timeoutSeconds: number): DeliveryFailure {
  switch (ended.kind) {
    case 'exited':
      return new DeliveryFailure(`The command exited with code ${ended.code}${said(ended.stderr)}`);
    case 'signalled':
      return new DeliveryFailure(
        `The command was ended by ${ended.signal}${said(ended.stderr)}`,
        partly,
      );
    case 'timed-out':
      return new DeliveryFailure(
        `The command did not finish within ${timeoutSeconds} s; it was stopped, with what it started.`,
        partly,
      );
    case 'stopped':
      return new DeliveryFailure(
        'Stopped before the command finished; it may have done part of its work.',
        partly,
      );
    case 'not-started':
      return new DeliveryFailure(`The command could not be started: ${ended.reason}.`);
  }
}

/** ': <the last lines of stderr>' (the end is where a failing program says why), or '.'. */
function said(stderr: string): string {
  const lines = stderr.split(/\r?\n/).filter((l) => l.trim() !== '');
  const last = lines.slice(-QUOTED_LINES).join(' / ');
  if (last === '') return '.';
  const cut = last.length > QUOTED_CHARS ? `…${last.slice(-QUOTED_CHARS)}` : last;
  return `: ${quotedExcerpt(cut, QUOTED_CHARS + 1)}`;
}

interface ShellRun {
  input: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  signal: AbortSignal;
  maxOutput: number;
  graceMs: number;
}

function runShell(command: string, run: ShellRun): Promise<Ended> {
  if (run.signal.aborted) return Promise.resolve({ kind: 'stopped' });
  const windows = process.platform === 'win32';
  const child = windows
    ? spawn(process.env.ComSpec ?? 'cmd.exe', ['/d', '/s', '/c', `"${command}"`], {
        env: run.env,
        windowsVerbatimArguments: true,
        windowsHide: true,
      })
    : spawn('/bin/sh', ['-c', command], { env: run.env, detached: true });

  return new Promise((resolve) => {
    const closed = new Promise((r) => child.once('close', r));
    const stdout = tailOf(child.stdout, run.maxOutput);
    const stderr = tailOf(child.stderr, run.maxOutput);
    // A command that never reads stdin closes the pipe under us (EPIPE): not our failure.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(run.input);

    const group = windows ? undefined : child.pid;
    if (group !== undefined) running.add(group);
    let cut: 'timed-out' | 'stopped' | undefined;
    let killing: Promise<void> | undefined;
    const endGroup = () => (killing ??= endTree(child, run.graceMs));
    const stop = (why: 'timed-out' | 'stopped') => {
      cut ??= why;
      void endGroup();
    };
    const onAbort = () => stop('stopped');
    const timer = setTimeout(() => stop('timed-out'), run.timeoutMs);
    run.signal.addEventListener('abort', onAbort, { once: true });

    let started = true;
    child.once('error', (e: NodeJS.ErrnoException) => {
      started = false;
      finish({ kind: 'not-started', reason: e.code ?? e.message });
    });
    child.once('exit', (code, sig) => {
      // Decided when the shell ended: a background child still holding the pipes afterwards
      // does not turn a finished command into a timed-out one.
      const cutAtExit = cut;
      clearTimeout(timer);
      run.signal.removeEventListener('abort', onAbort);
      void (async () => {
        // What the shell left running ends with it (at once when nothing is left).
        await endGroup();
        // A child that left the group (setsid) may still hold the pipes: wait a moment, let go.
        await Promise.race([closed, new Promise((r) => setTimeout(r, PIPE_DRAIN_MS))]);
        stdout.stop();
        stderr.stop();
        if (cutAtExit) return finish({ kind: cutAtExit });
        if (code !== null) return finish({ kind: 'exited', code, stderr: stderr.text() });
        finish({ kind: 'signalled', signal: sig ?? 'a signal', stderr: stderr.text() });
      })();
    });

    let done = false;
    function finish(ended: Ended) {
      if (done) return;
      done = true;
      if (group !== undefined) running.delete(group);
      clearTimeout(timer);
      run.signal.removeEventListener('abort', onAbort);
      if (!started) {
        stdout.stop();
        stderr.stop();
      }
      resolve(ended);
    }
  });
}

/** Reads a stream to its end, keeping only its last `max` bytes. */
function tailOf(stream: NodeJS.ReadableStream | null, max: number) {
  let kept = Buffer.alloc(0);
  const onData = (chunk: Buffer) => {
    kept = Buffer.concat([kept, chunk]);
    if (kept.length > max) kept = kept.subarray(kept.length - max);
  };
  stream?.on('data', onData);
  return {
    text: () => kept.toString('utf8'),
    stop() {
      stream?.off('data', onData);
      (stream as { destroy?: () => void } | null)?.destroy?.();
    },
  };
}

/**
 * SIGTERM to the whole group, SIGKILL to whatever is left after `graceMs`; resolves once the
 * group is gone, or KILL_WAIT_MS after SIGKILL. Windows: taskkill /T /F ends the tree at once.
 */
async function endTree(child: ChildProcess, graceMs: number): Promise<void> {
  const pid = child.pid;
  if (pid === undefined) return;
  if (process.platform === 'win32') {
    await new Promise((r) =>
      spawn('taskkill', ['/pid', String(pid), '/T', '/F'], { windowsHide: true })
        .once('exit', r)
        .once('error', r),
    );
    return;
  }
  if (!groupAlive(pid) || !signalGroup(pid, 'SIGTERM')) return;
  if (await goneWithin(pid, graceMs)) return;
  signalGroup(pid, 'SIGKILL');
  await goneWithin(pid, KILL_WAIT_MS);
}

async function goneWithin(pgid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (!groupAlive(pgid)) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

/**
 * Whether a process of the group still runs. kill(-pgid, 0) counts zombies, and a container's
 * PID 1 (or `listen` itself as PID 1) may never reap the orphans, so on Linux /proc decides.
 */
function groupAlive(pgid: number): boolean {
  if (!signalGroup(pgid, 0)) return false;
  if (process.platform !== 'linux') return true;
  let pids: string[];
  try {
    pids = readdirSync('/proc');
  } catch {
    return true;
  }
  for (const name of pids) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // ended while we looked
    }
    // "pid (comm) state ppid pgrp …": comm may hold spaces and parentheses.
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(pgrp) === pgid && state !== 'Z' && state !== 'X') return true;
  }
  return false;
}

/**
 * Groups of commands still running. A process that exits with one (listen's exit after a stop
 * that ran out of time, a crash) takes it along: SIGKILL, sent synchronously on 'exit'.
 */
const running = new Set<number>();
process.on('exit', () => {
  for (const pgid of running) signalGroup(pgid, 'SIGKILL');
});

/** False when no process of the group is left (ESRCH). */
function signalGroup(pgid: number, sig: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, sig);
    return true;
  } catch {
    return false;
  }
}
