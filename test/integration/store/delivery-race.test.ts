import { existsSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { emailRule, numberedKeys, recordSales } from '../../support/delivery-store';
import { runProcess } from '../../support/run-process';
import { bundledScript } from '../../support/script-bundle';
import { useTempDir } from '../../support/temp-dir';
import { useStoreWithAccount } from '../../support/test-store';

const tmp = useTempDir('cc-delivery-race-');
const rig = useStoreWithAccount(tmp);
const RACER = 'test/integration/store/fixtures/delivery-racer.ts';

/** Runs one racer per argument list at once on the store's file; each one's JSON output. */
async function race(mode: 'claim' | 'batch' | 'keys', saleLists: number[][]): Promise<unknown[][]> {
  const go = tmp.file('go');
  const racer = await bundledScript(RACER);
  const runs = saleLists.map((sales, n) =>
    runProcess(
      process.execPath,
      [
        racer,
        rig.store.file,
        tmp.file(`ready-${n}`),
        go,
        mode,
        String(rig.accountId),
        ...sales.map(String),
      ],
      { env: process.env },
    ),
  );
  await expect
    .poll(() => saleLists.every((_, n) => existsSync(tmp.file(`ready-${n}`))), { timeout: 60_000 })
    .toBe(true);
  writeFileSync(go, '');
  const done = await Promise.all(runs);
  return done.map((run) => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    return JSON.parse(run.stdout) as unknown[];
  });
}

describe('two processes on one data file', () => {
  it('never claim the same delivery job', async () => {
    rig.store.deliveryRules.add(rig.accountId, emailRule());
    recordSales(rig.store, rig.accountId, 300);

    const [a = [], b = []] = await race('claim', [[], []]);

    expect(a.length + b.length).toBe(300);
    expect(new Set([...a, ...b]).size).toBe(300);
    expect(rig.store.fulfillments.countNew(rig.accountId)).toBe(0);
  }, 120_000);

  it("claim batches in the worker's derived transactions without 'database is locked'", async () => {
    rig.store.deliveryRules.add(rig.accountId, emailRule());
    recordSales(rig.store, rig.accountId, 600);

    const [a = [], b = []] = await race('batch', [[], []]);

    const errors = [...a, ...b].filter((x) => typeof x === 'string');
    process.stdout.write(`delivery-race batch: ${errors.length} error(s) over 600 jobs\n`);
    expect(errors).toEqual([]);
    expect(new Set([...a, ...b]).size).toBe(600);
  }, 120_000);

  it('never hand one licence key to two sales', async () => {
    rig.store.licenceKeys.add(rig.accountId, 'ebook', numberedKeys(200));
    const sales = recordSales(rig.store, rig.accountId, 300);

    const [a = [], b = []] = await race('keys', [
      sales.filter((_, i) => i % 2 === 0),
      sales.filter((_, i) => i % 2 === 1),
    ]);

    expect(a.length + b.length).toBe(200);
    expect(new Set([...a, ...b]).size).toBe(200);
    expect(rig.store.licenceKeys.pools(rig.accountId, 1)).toMatchObject([{ free: 0, taken: 200 }]);
  }, 120_000);
});
