// A command still running when the console stops: the try ends only once everything the command
// started is gone (SIGTERM, then SIGKILL for what ignores it), so the job released for the next
// start is never run a second time alongside a first run that is still going. In process (the
// worker's stop()) and as `listen` does it (SIGINT, stop(), the store closed, process.exit()).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createCommandAction } from '../../../main/delivery/command';
import { addRule, recordSale, useDeliveryRig } from '../../support/delivery-rig';
import { pollUntil } from '../../support/poll';
import { liveGroupMembers } from '../../support/process-group';
import { useTempDir } from '../../support/temp-dir';

const { db, worker, jobOf, defer } = useDeliveryRig();
const tmp = useTempDir('checkout-console-command-stop-');
const CHILD = new URL('../../support/command-listen-child.ts', import.meta.url).pathname;

/**
 * Ignores SIGTERM (its `sleep` inherits that), writes "start" to `runs` and its process group to
 * `pid`, then "delivered" 3 s later: a delivery that would land after the console stopped.
 */
function stubbornRule(): number {
  const command =
    `trap '' TERM; echo start >> '${tmp.file('runs')}'; echo $$ > '${tmp.file('pid')}'; ` +
    `sleep 3; echo delivered >> '${tmp.file('runs')}'`;
  addRule(db.store, db.accountId, { action: { kind: 'command', command, timeoutSeconds: 60 } });
  return recordSale(db.store, db.accountId, 501);
}

/** The group of the command that wrote `pid` (0, falsy, until it has). */
function groupOfCommand(): number {
  try {
    return Number(readFileSync(tmp.file('pid'), 'utf8').trim());
  } catch {
    return 0;
  }
}

const runs = () => readFileSync(tmp.file('runs'), 'utf8').trim().split('\n');

/** The next start: a worker that runs the released job to its end. */
async function nextStartDelivers(saleId: number) {
  worker(db.store, { actions: { command: createCommandAction() } });
  await pollUntil('the next start to deliver', () => jobOf(saleId).status === 'done');
  // The first run's group is gone (asserted before), so it can write nothing more: once.
  expect(runs()).toEqual(['start', 'start', 'delivered']);
}

describe.skipIf(process.platform === 'win32')('a command running as the console stops', () => {
  it('is gone, SIGKILL included, when the worker’s stop() resolves; the next start runs it once', async () => {
    const saleId = stubbornRule();
    const first = worker(db.store, { actions: { command: createCommandAction() } });
    const group = await pollUntil('the command to start', groupOfCommand);
    await first.worker.stop();
    expect(liveGroupMembers(group)).toEqual([]);
    expect(jobOf(saleId)).toMatchObject({
      status: 'pending',
      lastError: 'Stopped before the command finished; it may have done part of its work.',
    });
    // What it started may have delivered: one more run at most, so stopping again and again
    // cannot run it again and again.
    expect(jobOf(saleId).maxAttempts).toBe(jobOf(saleId).attempts + 1);
    await nextStartDelivers(saleId);
  });

  it('is gone when a `listen` stopped by Ctrl+C has exited', async () => {
    const saleId = stubbornRule();
    const group = await stoppedListen([]);
    expect(liveGroupMembers(group)).toEqual([]);
    expect(jobOf(saleId).status).toBe('pending');
    await nextStartDelivers(saleId);
  });

  it('is killed when the process exits without stopping the worker', async () => {
    stubbornRule();
    const group = await stoppedListen(['exit-at-once']);
    // SIGKILL was sent as the process exited; the kernel ends the group right after.
    await pollUntil('the group to end', () => liveGroupMembers(group).length === 0, {
      timeoutMs: 5_000,
    });
    expect(runs()).toEqual(['start']);
  });
});

/** Runs the listen-like child until its command started, sends SIGINT; the command's group. */
async function stoppedListen(args: string[]): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, db.store.file, ...args], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  defer(() => void child.kill('SIGKILL'));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const group = await pollUntil('the command to start', groupOfCommand, { timeoutMs: 60_000 });
  child.kill('SIGINT');
  const code = await Promise.race([
    exited,
    new Promise<'still running'>((r) => setTimeout(() => r('still running'), 20_000).unref()),
  ]);
  expect(code).toBe(0);
  return group;
}
