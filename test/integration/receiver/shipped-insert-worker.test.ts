// The CLI ships main/ as one bundle (out/cli/cli.mjs) and the app as electron-vite's out/main/;
// the receiver's insert worker is a script of its own that must be built beside each, or a
// shipped receiver inserts on its one thread only (store/writer.ts finds no script). The CLI's
// bundle here is the one the tests' global set-up built with build:cli's options.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { systemNow } from '../../../main/store';
import { startOffThreadInserts } from '../../../main/store/writer';
import { writerOn } from '../../support/receiver-writer';
import { useTempDir } from '../../support/temp-dir';
import { openStoreWithAccount } from '../../support/test-store';
import { keylessEvent } from '../../support/keyless-event';

const tmp = useTempDir('cc-shipped-insert-worker-');
const repoRoot = resolve(import.meta.dirname, '../../..');
const WORKER_SOURCE = 'main/store/writer-worker.ts';

describe("the insert worker's built script", () => {
  it('is built by build:cli beside the CLI bundle and by the app build beside main', () => {
    const { scripts } = z
      .object({ scripts: z.record(z.string(), z.string()) })
      .parse(JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')));
    expect(scripts['build:cli']).toContain(WORKER_SOURCE);
    expect(scripts['build:cli']).toContain('--outdir=out/cli');
    const appBuild = readFileSync(join(repoRoot, 'electron.vite.config.ts'), 'utf8');
    expect(appBuild).toContain(`'writer-worker': resolve(root, '${WORKER_SOURCE}')`);
  });

  it("beside the CLI's bundle, stores a batch off the receiving thread", async () => {
    const script = join(repoRoot, 'out', 'cli', 'writer-worker.mjs');
    expect(existsSync(script)).toBe(true);
    const { store, accountId } = openStoreWithAccount(tmp.file('console.db'));
    const withWorker = {
      ...store,
      insertsOffThread: () => startOffThreadInserts(store.file, systemNow, script),
    };
    const { writer, stop } = writerOn(store, withWorker, { offThreadFrom: 0 });
    expect(await writer.insertsOffThread()).toBe(true);
    const stored = await Promise.all(
      [1, 2, 3].map((n) => writer.insertVerified(keylessEvent(accountId, n))),
    );
    expect(stored.map((r) => r.duplicate)).toEqual([false, false, false]);
    expect(store.events.count(accountId)).toBe(3);
    await stop();
  });
});
