// Ctrl+C or SIGTERM during `export --out FILE` must not leave the partial CSV (customer names
// and emails) beside the merchant's file: the CLI exits through process.exit once stopped, and
// the temporary file goes with it. Adapted from the review's export-in-place-stop.
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SIGNAL_EXIT_CODE } from '../../../main/commands/signals';
import { seedCliLedger } from '../../support/cli-ledger';
import { startCli, stopProcess } from '../../support/line-process';
import { bareEnv } from '../../support/run-process';
import { useTempDir } from '../../support/temp-dir';
import { seedSales } from './generate';

const tmp = useTempDir();
// Tens of MB of CSV: the export is still writing when the signal comes.
const COUNT = 150_000;

describe('an export stopped part way', () => {
  it('leaves nothing beside --out, on SIGINT or SIGTERM', async () => {
    const dataDir = join(tmp.path, 'data');
    mkdirSync(dataDir, { mode: 0o700 });
    seedCliLedger(dataDir, ({ store, accountId }) =>
      seedSales(store.file, accountId, COUNT, new Date('2026-11-30T12:00:00Z')),
    );
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      const outDir = join(tmp.path, `out-${signal}`);
      mkdirSync(outDir);
      const out = join(outDir, 'sales.csv');
      const run = startCli(
        ['--data-dir', dataDir, 'export', '--what', 'fulfillments', '--out', out],
        bareEnv(dataDir),
      );
      const parts = () => readdirSync(outDir).filter((name) => name.endsWith('.part'));
      await expect.poll(() => parts().length, { timeout: 60_000, interval: 20 }).toBe(1);
      const code = await stopProcess(run, signal);
      expect({ signal, code, left: readdirSync(outDir) }).toEqual({
        signal,
        code: SIGNAL_EXIT_CODE[signal],
        left: [],
      });
    }
  }, 240_000);
});
