// A one-file export is written beside its path and renamed over it only when that path is a
// plain file (or none yet): a symlink's real file, a named pipe and /dev/stdout get the CSV
// written into them, as before the export wrote in place (99837d9). Adapted from the review.
import { execFileSync } from 'node:child_process';
import {
  createReadStream,
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runExport } from '../../../main/commands/export';
import type { Io } from '../../../main/commands/output';
import { createMemorySecrets } from '../../../main/secrets';
import { exportFiles, saveExport } from '../../../main/sales';
import { seedCliLedger } from '../../support/cli-ledger';
import { bareEnv, CLI, runProcess } from '../../support/run-process';
import { useTempDir } from '../../support/temp-dir';
import { useStoreWithAccount } from '../../support/test-store';
import { seedSales } from './generate';

const tmp = useTempDir();
const newest = new Date('2026-11-30T12:00:00.000Z');
const now = new Date('2026-12-01T09:00:00.000Z');
const quiet: Io = { out: () => undefined, err: () => undefined, readStdin: async () => '' };

/** A data folder for the CLI with 20 sales, and the CSV an export of them is. */
function ledger(): { dataDir: string; whole: string } {
  const dataDir = join(tmp.path, 'data');
  mkdirSync(dataDir, { mode: 0o700 });
  let whole = '';
  seedCliLedger(dataDir, ({ store, accountId }) => {
    seedSales(store.file, accountId, 20, newest);
    whole = exportFiles(store, accountId, 'fulfillments', { now: new Date() })[0]?.content ?? '';
  });
  return { dataDir, whole };
}

describe('an export to a path that is not a plain file', () => {
  const shop = useStoreWithAccount(tmp);

  it('a symlink (a file picked in the save dialog): its real file gets the CSV, the link stays', async () => {
    seedSales(shop.store.file, shop.accountId, 20, newest);
    const whole = exportFiles(shop.store, shop.accountId, 'fulfillments', { now })[0]?.content;
    const real = join(tmp.path, 'real.csv');
    writeFileSync(real, 'old');
    const link = join(tmp.path, 'link.csv');
    symlinkSync(real, link);
    const save = Object.assign(async () => null, { targetFor: async () => ({ path: link }) });
    const result = await saveExport(
      shop.store,
      shop.accountId,
      { what: 'fulfillments' },
      save,
      now,
    );
    expect(result).toEqual({ path: link, rows: 20 });
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, 'utf8')).toBe(whole);
  });

  it('a named pipe (a reader waiting on it) gets the CSV and stays a pipe', async () => {
    const { dataDir, whole } = ledger();
    const fifo = join(tmp.path, 'pipe');
    execFileSync('mkfifo', [fifo]);
    let got = '';
    const reading = new Promise<void>((resolve, reject) => {
      const stream = createReadStream(fifo, 'utf8');
      stream.on('data', (d) => (got += String(d)));
      stream.on('end', resolve);
      stream.on('error', reject);
    });
    const base = { dataDir, secrets: createMemorySecrets(), env: {} };
    await runExport({ what: 'fulfillments', out: fifo }, quiet, base);
    await reading;
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(got).toBe(whole);
    expect(readdirSync(tmp.path).filter((n) => n.endsWith('.part'))).toEqual([]);
  }, 60_000);

  // /dev/fd/1 is /dev/stdout by another name, failing safely: run as root, the rename of the
  // in-place write replaced /dev/stdout itself with a regular file, while /proc/self/fd refuses
  // the temporary file. Through `| cat`: a real pipe (spawn's own stdout is a socket, which
  // /proc/self/fd/1 cannot open: ENXIO).
  it('--out /dev/fd/1 (stdout, a pipe) prints the CSV', async () => {
    const { dataDir, whole } = ledger();
    const args = ['--data-dir', dataDir, 'export', '--what', 'fulfillments', '--out', '/dev/fd/1'];
    const run = await runProcess('sh', ['-c', '"$0" "$@" | cat', process.execPath, CLI, ...args], {
      env: bareEnv(dataDir),
      timeoutMs: 60_000,
    });
    expect(run.stderr).toContain('Wrote 20 rows of fulfillments to /dev/fd/1.');
    expect(run.stdout).toBe(whole);
  }, 60_000);
});
