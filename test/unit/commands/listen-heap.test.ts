// listen's heap policy: under churn that is promoted and then dies (as deliveries waiting for
// the disk and for processing are), the old generation stays near what is live.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bareEnv, runProcess } from '../../support/run-process';

const repoRoot = resolve(import.meta.dirname, '../../..');

// A child process, since V8's flags are the whole process's: 500,000 objects that stay (enough
// that the new space V8 adds to its limit counts little) and a ring of 100,000 recent ones, each
// replaced long after it was promoted.
const CHURN = `
import v8 from 'node:v8';
if (process.env.KEEP_NEAR_LIVE) (await import(${JSON.stringify(`${repoRoot}/main/commands/listen-heap.ts`)})).keepHeapNearLive();
const old = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'old_space');
const kept = [];
for (let i = 0; i < 500_000; i++) kept.push({ id: i, name: 'sale ' + i, items: [i] });
const ring = new Array(100_000);
let most = 0;
for (let i = 0; i < 2_000_000; i++) {
  ring[i % ring.length] = { id: i, body: 'delivery ' + i, parts: [i, i + 1] };
  if (i % 5_000 === 0) most = Math.max(most, old().space_size);
}
globalThis.gc();
process.stdout.write(JSON.stringify({ most, live: old().space_used_size, kept: kept.length }));
`;

async function oldSpaceUnderChurn(keepNearLive: boolean) {
  const args = ['--import', 'tsx', '--expose-gc', '--input-type=module', '-e', CHURN];
  const env = bareEnv(repoRoot, keepNearLive ? { KEEP_NEAR_LIVE: '1' } : {});
  const run = await runProcess(process.execPath, args, { env });
  expect(run.stderr).toBe('');
  const { most, live } = JSON.parse(run.stdout) as { most: number; live: number };
  return { most, live };
}

describe('the heap listen keeps', () => {
  it('grows its old generation to less than 3 times what is live under promoted churn', async () => {
    const { most, live } = await oldSpaceUnderChurn(true);
    expect(most / live).toBeLessThan(3);
  });
});
