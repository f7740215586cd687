// Executes README.md's commands as printed, in order, as real processes: one-shot commands to
// the end, long-running ones (sandbox, listen, demo) in the background from their ready line
// until the README says to stop them (a `# Ctrl+C in the terminal running \`listen\`` line),
// then Ctrl+C (SIGINT) as a reader would press it; what is still running at the end is stopped
// last. Nothing else is stopped for the reader: a step that fails while something runs says so.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { resolve } from 'node:path';
import { collect } from './run-process';
import {
  placeholdersIn,
  type ReadmeLine,
  subcommandOf,
  type Treatment,
  treatmentOf,
} from './readme-commands';

export interface Step {
  line: ReadmeLine;
  treatment: Treatment;
  /** The command as executed (placeholders filled in); absent when skipped. */
  executed?: string;
  code?: number | null;
  stdout?: string;
  stderr?: string;
  /** What went wrong, in words; absent when the step did what the README says. */
  failure?: string;
}

const CLI_PATH = resolve('bin/checkout-console.js');
const ONE_SHOT_BOUND_MS = 120_000;
const READY_BOUND_MS = 120_000;
const STOP_BOUND_MS = 30_000;

interface Background {
  step: Step;
  child: ChildProcessWithoutNullStreams;
  closed: Promise<number | null>;
}

/**
 * `npx checkout-console` means this checkout's CLI; the test runs it without npm in between.
 * The README's sandbox port (4010) becomes `port` when given: a reader may have left the
 * README's own sandbox running there.
 */
function translate(command: string, port?: number): string {
  const ours = command.replaceAll('npx checkout-console', `node '${CLI_PATH}'`);
  return port === undefined
    ? ours
    : ours.replace(/(?<=--port |127\.0\.0\.1:)4010\b/g, String(port));
}

interface Output {
  command: string;
  stdout: string;
}

/**
 * Values a reader copies from what an earlier command printed, newest output first, as the
 * README explains them: ID is the first column of `links`, `jobs`, `rules` or `fulfillments`, KEY the key a sandbox printed.
 */
function resolvePlaceholder(name: string, outputs: Output[]): string | undefined {
  for (const { command, stdout } of [...outputs].reverse()) {
    if (name === 'ID' && / (links|jobs|rules|fulfillments)( |$)/.test(command)) {
      const lines = stdout.split('\n');
      const header = lines.findIndex((l) => /^ID\s/.test(l));
      const id = header >= 0 ? /^\d+/.exec(lines[header + 1] ?? '') : null;
      if (id) return id[0];
    }
    if (name === 'KEY' && / sandbox( |$)/.test(command)) {
      const key = /(?:API key: |"apiKey":")(sk_test_[A-Za-z0-9]+)/.exec(stdout);
      if (key?.[1]) return key[1];
    }
  }
  return undefined;
}

function fill(command: string, outputs: Output[]): string {
  let filled = command;
  for (const name of placeholdersIn(command)) {
    const value = resolvePlaceholder(name, outputs);
    if (!value) throw new Error(`no earlier output gives a value for ${name}`);
    filled = filled.replace(new RegExp(`(?<![\\w$=-])${name}(?![\\w=])`), value);
  }
  return filled;
}

function startBackground(step: Step, command: string, cwd: string, env: NodeJS.ProcessEnv) {
  // exec: the signal reaches the command itself, not a shell waiting for it.
  const child = spawn('sh', ['-c', `exec ${command}`], { cwd, env });
  step.stdout = '';
  step.stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (step.stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (step.stderr += d));
  const closed = new Promise<number | null>((done) => child.once('close', done));
  return { step, child, closed };
}

function untilReady(bg: Background, ready: RegExp): Promise<string | undefined> {
  return new Promise((done) => {
    const timer = setTimeout(
      () => finish(`printed no ready line (${ready}) within the bound`),
      READY_BOUND_MS,
    );
    const check = () => {
      if (ready.test(bg.step.stdout ?? '')) finish(undefined);
    };
    const finish = (result: string | undefined) => {
      clearTimeout(timer);
      bg.child.stdout.off('data', check);
      done(result);
    };
    bg.child.stdout.on('data', check);
    void bg.closed.then((code) => finish(`exited with ${code} before its ready line`));
    check();
  });
}

async function stopBackground(bg: Background, expect?: RegExp): Promise<void> {
  // What the README says this command shows (a sale line) may still be on its way.
  const missing = expect ? await untilReady(bg, expect) : undefined;
  if (missing) bg.step.failure ??= missing.replace('ready line', 'expected line');
  bg.child.kill('SIGINT');
  const killer = setTimeout(() => bg.child.kill('SIGKILL'), STOP_BOUND_MS);
  bg.step.code = await bg.closed;
  clearTimeout(killer);
  if (bg.step.code !== 0 || !/Stopped\./.test(`${bg.step.stdout}${bg.step.stderr}`)) {
    bg.step.failure ??= `on Ctrl+C exited with ${bg.step.code}, expected "Stopped." and 0`;
  }
}

export async function runReadme(
  lines: ReadmeLine[],
  options: {
    cwd: string;
    env: NodeJS.ProcessEnv;
    /** Per subcommand (`listen`), a line it must have printed before it is stopped. */
    expectBeforeStop?: Record<string, RegExp>;
    /** Run the README's port 4010 as this one instead. */
    sandboxPort?: number;
  },
): Promise<Step[]> {
  const steps: Step[] = [];
  const outputs: Output[] = [];
  let running: Background[] = [];
  const runningNow = () =>
    running.map((b) => `\`${subcommandOf(b.step.line.command)}\` (README.md:${b.step.line.at})`);
  const stopAll = async () => {
    for (const bg of running.reverse()) {
      const sub = subcommandOf(bg.step.line.command) ?? '';
      await stopBackground(bg, options.expectBeforeStop?.[sub]);
    }
    running = [];
  };
  try {
    for (const line of lines) {
      const step: Step = { line, treatment: treatmentOf(line) };
      steps.push(step);
      const t = step.treatment;
      if (t.kind === 'skip') continue;
      if (t.kind === 'stop') {
        const bg = running.find((b) => subcommandOf(b.step.line.command) === t.which);
        if (!bg) {
          step.failure = `says to stop \`${t.which}\`, but no \`${t.which}\` is running`;
          break;
        }
        running = running.filter((b) => b !== bg);
        await stopBackground(bg, options.expectBeforeStop?.[t.which]);
        continue;
      }
      if (t.kind === 'unknown') {
        step.failure = t.reason;
        break;
      }
      try {
        step.executed = fill(translate(line.command, options.sandboxPort), [
          ...outputs,
          ...running.map((b) => ({ command: b.step.line.command, stdout: b.step.stdout ?? '' })),
        ]);
      } catch (e) {
        step.failure = e instanceof Error ? e.message : String(e);
        break;
      }
      if (t.kind === 'background') {
        const sub = subcommandOf(line.command);
        const twin = running.find((b) => subcommandOf(b.step.line.command) === sub);
        if (twin) {
          step.failure = `starts \`${sub}\` while the one from README.md:${twin.step.line.at} still runs; the README must say to stop it first (# Ctrl+C in the terminal running \`${sub}\`)`;
          break;
        }
        const bg = startBackground(step, step.executed, options.cwd, options.env);
        running.push(bg);
        const notReady = await untilReady(bg, t.ready);
        if (notReady) {
          step.failure = notReady;
          break;
        }
        continue;
      }
      const child = spawn('sh', ['-c', step.executed], { cwd: options.cwd, env: options.env });
      const done = await collect(child, '', ONE_SHOT_BOUND_MS);
      Object.assign(step, done);
      outputs.push({ command: line.command, stdout: done.stdout });
      if (done.code !== 0) {
        // The README may have left running what this command needed stopped.
        const still = running.length > 0 ? `, while still running: ${runningNow().join(', ')}` : '';
        step.failure = `exited with ${done.code}${still}`;
        break;
      }
      // curl exits 0 on an HTTP error; the answer itself says whether the API accepted it.
      if (/^curl /.test(line.command) && /"error"/.test(done.stdout)) {
        step.failure = 'the API answered with an error';
        break;
      }
    }
  } finally {
    await stopAll();
  }
  return steps;
}
