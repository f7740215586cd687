// `checkout-console listen` runs the delivery worker: SIGKILLed mid-batch ten times while the
// sandbox pays links, with a forward rule to a loopback endpoint, every recorded sale still
// ends with its job done exactly once and the endpoint saw every idempotency key. A kill after
// the endpoint's 200 but before our commit delivers that sale a second time, with the same key
// (what the Idempotency-Key header is for); the test counts and prints how often that happened.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { secretNames } from '../../../main/delivery';
import { DEFAULT_LIMITS } from '../../../main/delivery/worker';
import { DATABASE_FILE } from '../../../main/console';
import { startSandbox } from '../../../main/sandbox';
import { openStore } from '../../../main/store';
import { useCleanups } from '../../support/cleanups';
import { FORWARD_SECRET } from '../../support/delivery-rig';
import { startForwardSink } from '../../support/forward-sink';
import { startCli, stopProcess, type LineProcess } from '../../support/line-process';
import { useRig } from '../../support/live-rig';
import { startKeyringSession } from '../../support/readme-keyring';
import { accountEnv, runProcess } from '../../support/run-process';
import { suiteProfile } from '../../support/sandbox-profiles';
import { useTempDir } from '../../support/temp-dir';
import { sessions } from '../sync/helpers';

const tmp = useTempDir();
const rig = useRig(tmp);
const { closing, defer } = useCleanups();

const ROUNDS = 10;
const PER_ROUND = 6;

/** The account `listen` will use, and a forward rule on it; returns the rule's id and account. */
async function forwardRuleFor(sb: Awaited<ReturnType<typeof startSandbox>>, url: string) {
  // A console opened once registers the environment's account, as `listen` will find it.
  const cc = await rig.console(sb, { live: { autoStart: false } });
  const info = await cc.invoke('app.info', {});
  await cc.close();
  const store = openStore(join(tmp.path, DATABASE_FILE));
  try {
    const accountId = store.accounts.active()?.id;
    if (accountId === undefined) throw new Error(`no active account (${info.mode})`);
    const rule = store.deliveryRules.add(accountId, {
      name: 'Shop backend',
      productCode: null,
      action: { kind: 'forward', url },
      enabled: true,
      useLicenceKeys: false,
    });
    return { accountId, ruleId: rule.id };
  } finally {
    store.close();
  }
}

/** Files the forward secret in the real keychain of `bus`, as `rule add --secret` would. */
async function fileSecret(bus: string, accountId: number, ruleId: number) {
  const plan = {
    steps: [
      { op: 'set', name: secretNames.forwardSecret(accountId, ruleId), value: FORWARD_SECRET },
    ],
  };
  const run = await runProcess(
    process.execPath,
    ['--import', 'tsx', 'test/support/keychain-probe.ts', JSON.stringify(plan)],
    { env: { PATH: process.env.PATH, HOME: tmp.path, DBUS_SESSION_BUS_ADDRESS: bus } },
  );
  expect(JSON.parse(run.stdout)).toEqual({ results: [true] });
}

function readOutcome() {
  const store = openStore(join(tmp.path, DATABASE_FILE));
  try {
    const accountId = store.accounts.active()?.id ?? 0;
    const sales = store.fulfillments.list(accountId, { limit: 1000, offset: 0 }).items;
    const jobs = store.deliveryJobs.list(accountId, { limit: 500, offset: 0 }).items;
    return { sales, jobs };
  } finally {
    store.close();
  }
}

describe('listen under SIGKILL', { timeout: 600_000 }, () => {
  it('leaves every recorded sale with its forward done exactly once after ten kills mid-batch', async () => {
    const sandbox = closing(await startSandbox({ profile: suiteProfile() }));
    const endpoint = closing(await startForwardSink());
    const keyring = await startKeyringSession(tmp.path);
    defer(() => keyring.close());
    const { accountId, ruleId } = await forwardRuleFor(sandbox, endpoint.url());
    await fileSecret(keyring.address, accountId, ruleId);
    const env = accountEnv(tmp.path, sandbox, { DBUS_SESSION_BUS_ADDRESS: keyring.address });

    let listen: LineProcess | undefined;
    defer(() => (listen ? stopProcess(listen, 'SIGKILL') : undefined));
    const startListen = async () => {
      listen = startCli(['--data-dir', tmp.path, 'listen'], env);
      await listen.line('the registered webhook', (l) => /webhook registered/.test(l));
      return listen;
    };

    let paid = 0;
    for (let round = 0; round < ROUNDS; round += 1) {
      const running = await startListen();
      const before = endpoint.received().length;
      await sessions(sandbox, PER_ROUND);
      paid += PER_ROUND;
      // Mid-batch: once some of this round's sales went out, at a different point each round.
      await endpoint.waitFor(before + 1 + (round % (PER_ROUND - 1)), 120_000);
      await stopProcess(running, 'SIGKILL');
    }

    const last = await startListen();
    await expect
      .poll(
        () => {
          const { sales, jobs } = readOutcome();
          return sales.length === paid && jobs.every((j) => j.status === 'done') ? jobs.length : -1;
        },
        { timeout: 180_000, interval: 500 },
      )
      .toBe(paid);
    await stopProcess(last);

    const { sales, jobs } = readOutcome();
    expect(sales.every((s) => s.status === 'fulfilled')).toBe(true);
    expect(new Set(jobs.map((j) => j.saleId))).toEqual(new Set(sales.map((s) => s.id)));
    const accepted = endpoint.accepted();
    expect(new Set(accepted.keys())).toEqual(new Set(jobs.map((j) => j.idempotencyKey)));
    const duplicates = [...accepted.values()].reduce((sum, n) => sum + n - 1, 0);
    const bound = ROUNDS * DEFAULT_LIMITS.concurrency;
    // Printed before the check, so a failing run still says how many.
    process.stdout.write(
      `listen-sigkill: ${paid} sales, ${endpoint.received().length} POSTs, ${duplicates} ` +
        `duplicate 2xx with the same Idempotency-Key (killed after the 200; bound ${bound})\n`,
    );
    // Only a kill makes one: at most the tries in flight at each kill (kills × concurrency).
    expect(duplicates).toBeLessThanOrEqual(bound);
  });
});
