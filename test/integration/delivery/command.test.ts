// The command action as real shell processes: what the command is given, how its exit decides,
// and that a time limit or a stop ends everything it started.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createCommandAction, type CommandOptions } from '../../../main/delivery/command';
import { actionRun } from '../../support/action-run';
import { deliveryFailureOf } from '../../support/delivery-failure';
import { pollUntil } from '../../support/poll';
import { liveGroupMembers } from '../../support/process-group';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir('checkout-console-command-');

function command(line: string, timeoutSeconds = 30) {
  return actionRun({ kind: 'command', command: line, timeoutSeconds });
}

/** Runs `line` with OUT set to a file in the test's folder. */
function run(line: string, over: { timeoutSeconds?: number; options?: CommandOptions } = {}) {
  const env = { PATH: process.env.PATH, OUT: tmp.file('out'), ...over.options?.env };
  return createCommandAction({ ...over.options, env })(command(line, over.timeoutSeconds));
}

/** The process group a command wrote to $OUT ($$: the shell leads its own group). */
const groupOf = (): number => Number(readFileSync(tmp.file('out'), 'utf8').trim());

describe.skipIf(process.platform === 'win32')('the command action', { timeout: 30_000 }, () => {
  it('gives the command the sale as JSON on stdin and its ids in the environment', async () => {
    const line =
      'cat > "$OUT"; echo "$CHECKOUT_CONSOLE_IDEMPOTENCY_KEY $CHECKOUT_CONSOLE_SALE_ID" > "$OUT.env"';
    await run(line);
    expect(JSON.parse(readFileSync(tmp.file('out'), 'utf8'))).toEqual(command(line).payload);
    expect(readFileSync(tmp.file('out.env'), 'utf8')).toBe('sale-42-rule-7 42\n');
  });

  it('leaves the console’s own variables (the API key) out of the command’s environment', async () => {
    await run('env > "$OUT"', {
      options: { env: { CHECKOUT_CONSOLE_API_KEY: 'sk_live_secret', checkout_console_x: 'y' } },
    });
    const names = readFileSync(tmp.file('out'), 'utf8')
      .split('\n')
      .map((l) => l.split('=')[0] ?? '')
      .filter((n) => /^checkout_console_/i.test(n))
      .sort();
    expect(names).toEqual(['CHECKOUT_CONSOLE_IDEMPOTENCY_KEY', 'CHECKOUT_CONSOLE_SALE_ID']);
  });

  it('fails with the exit code and the last lines of stderr when the command exits non-zero', async () => {
    const failure = await deliveryFailureOf(
      run('for i in $(seq 1 3000); do echo "line $i"; echo "err $i" >&2; done; exit 3'),
    );
    expect(failure.message).toBe(
      'The command exited with code 3: err 2996 / err 2997 / err 2998 / err 2999 / err 3000',
    );
    expect(failure.retryable).toBe(true);
  });

  it('quotes a long stderr by its end, cut and without control characters', async () => {
    const failure = await deliveryFailureOf(
      run(`printf '\\033[31m%0500d\\n' 0 >&2; printf 'the disk is full\\r\\n' >&2; exit 1`),
    );
    expect(failure.message).toMatch(/^The command exited with code 1: …0+ \/ the disk is full$/);
    expect(failure.message.length).toBeLessThan(400);
  });

  it('keeps only the last bytes of a flood of output and still reads it to the end', async () => {
    const failure = await deliveryFailureOf(
      run('head -c 20000000 /dev/zero | tr "\\0" x >&2; echo " the end" >&2; exit 2', {
        options: { maxOutputBytes: 1024 },
      }),
    );
    expect(failure.message).toMatch(/x the end$/);
  });

  it('does not mind a command that never reads its stdin', async () => {
    const big = Array.from({ length: 50_000 }, (_, i) => ({ productCode: 'ebook', key: `K-${i}` }));
    const action = createCommandAction({ env: { PATH: process.env.PATH } });
    await action(
      actionRun(
        { kind: 'command', command: 'exit 0', timeoutSeconds: 30 },
        {
          payload: { licenceKeys: big },
        },
      ),
    );
  });

  it('stops a command at its time limit, with every process it started', async () => {
    const failure = await deliveryFailureOf(
      run('echo $$ > "$OUT"; sleep 100 & sh -c "sleep 100" & wait', { timeoutSeconds: 1 }),
    );
    expect(failure.message).toBe(
      'The command did not finish within 1 s; it was stopped, with what it started.',
    );
    expect(failure.retryable).toBe(true);
    // What it started may have delivered: run at most once more, like an unconfirmed email.
    expect(failure.mayHaveDelivered).toBe(true);
    expect(liveGroupMembers(groupOf())).toEqual([]);
  });

  it('kills what ignores SIGTERM after the grace period, and ends the try once it is gone', async () => {
    const failure = await deliveryFailureOf(
      run(`echo $$ > "$OUT"; (trap '' TERM; sleep 100) & wait`, {
        timeoutSeconds: 1,
        options: { killGraceMs: 300 },
      }),
    );
    expect(failure.message).toMatch(/did not finish within 1 s/);
    expect(liveGroupMembers(groupOf())).toEqual([]);
  });

  it('ends a stopped try only once a command ignoring SIGTERM is killed', async () => {
    const stop = new AbortController();
    const action = createCommandAction({
      env: { PATH: process.env.PATH, OUT: tmp.file('out') },
      killGraceMs: 300,
    });
    const attempt = action(
      actionRun(
        {
          kind: 'command',
          command: `trap '' TERM; echo $$ > "$OUT"; sleep 100`,
          timeoutSeconds: 60,
        },
        { signal: stop.signal },
      ),
    );
    await pollUntil('the command to start', () => {
      try {
        return groupOf() > 0 && liveGroupMembers(groupOf()).length > 1;
      } catch {
        return false;
      }
    });
    stop.abort();
    const failure = await deliveryFailureOf(attempt);
    expect(failure.message).toBe(
      'Stopped before the command finished; it may have done part of its work.',
    );
    expect(failure.mayHaveDelivered).toBe(true);
    expect(liveGroupMembers(groupOf())).toEqual([]);
  });

  it('stops the command and its children when the worker stops', async () => {
    const stop = new AbortController();
    const action = createCommandAction({ env: { PATH: process.env.PATH, OUT: tmp.file('out') } });
    const attempt = action(
      actionRun(
        { kind: 'command', command: 'echo $$ > "$OUT"; sleep 100 & wait', timeoutSeconds: 60 },
        { signal: stop.signal },
      ),
    );
    await pollUntil('the command to start', () => {
      try {
        return groupOf() > 0 && liveGroupMembers(groupOf()).length > 1;
      } catch {
        return false;
      }
    });
    stop.abort();
    const failure = await deliveryFailureOf(attempt);
    expect(failure.message).toBe(
      'Stopped before the command finished; it may have done part of its work.',
    );
    expect(failure.mayHaveDelivered).toBe(true);
    expect(liveGroupMembers(groupOf())).toEqual([]);
  });

  // What a command leaves running is outside its try's time limit and the worker's stop: it
  // could hold files or ports and run past the console's life. A command that means to start a
  // service hands it to the system (systemd-run, a setsid daemon), which leaves the group.
  it('counts a command that exits 0 as delivered and ends the children it left running', async () => {
    await run('echo $$ > "$OUT"; sleep 100 & exit 0');
    expect(liveGroupMembers(groupOf())).toEqual([]);
  });
});
