// link: the time the console adds to a create on top of the bare API call (both against
// the sandbox, alternating, median of 30), and the API calls a reuse costs.
import { performance } from 'node:perf_hooks';
import { createConsole } from '../../main/console';
import { createQuadernoClient } from '../../main/quaderno';
import { startSandbox } from '../../main/sandbox';
import { createMemorySecrets } from '../../main/secrets';
import type { LinkResult, Product } from '../../preload/contract';
import { makeTempDir } from '../support/temp-dir';
import { median, type Report } from './report';

const ROUNDS = 30;

export async function bench(report: Report): Promise<void> {
  const tmp = makeTempDir('cc-bench-link-');
  // A generous limit: pacing for Quaderno's 100/15 s is measured elsewhere, not here.
  const sandbox = await startSandbox({ rateLimit: { limit: 100_000, windowMs: 15_000 } });
  const cc = await createConsole({
    dataDir: tmp.path,
    secrets: createMemorySecrets(),
    env: {},
    live: { autoStart: false },
  });
  try {
    const add = await cc.call('accounts.add', { account: sandbox.apiUrl, apiKey: sandbox.apiKey });
    if (!add.ok) throw new Error(add.error.message);
    const listed = await cc.call('products.list', {});
    const product = listed.ok ? (listed.value as Product[])[0] : undefined;
    if (!product) throw new Error('no products in the sandbox');
    const bare = createQuadernoClient({
      apiUrl: sandbox.apiUrl,
      apiKey: sandbox.apiKey,
      rateLimit: false,
    });

    const consoleMs: number[] = [];
    const bareMs: number[] = [];
    for (let i = 0; i < ROUNDS; i += 1) {
      const email = `bench${i}@example.com`;
      let t = performance.now();
      await bare.createSession({
        items: [{ product: product.code, quantity: 1 }],
        success_url: 'https://example.com/ok',
        cancel_url: 'https://example.com/no',
        customer: { email: `bare-${email}` },
      });
      bareMs.push(performance.now() - t);
      t = performance.now();
      const made = await cc.call('links.create', {
        customer: { email },
        items: [{ product: product.code }],
      });
      consoleMs.push(performance.now() - t);
      if (!made.ok) throw new Error(made.error.message);
    }

    const input = { customer: { email: 'reuse@example.com' }, items: [{ product: product.code }] };
    const first = await cc.call('links.create', input);
    if (!first.ok) throw new Error(first.error.message);
    const before = sandbox.requestLog().length;
    const again = await cc.call('links.create', input);
    const calls = sandbox.requestLog().slice(before);
    if (!again.ok || !(again.value as LinkResult).reused)
      throw new Error('the repeat was not reused');

    report('link.bare.create', median(bareMs), 'ms');
    report('link.console.create', median(consoleMs), 'ms');
    report('link.added', median(consoleMs) - median(bareMs), 'ms', '< 5 ms');
    report('link.reuse.api_calls', calls.length, 'calls', '= 1');
  } finally {
    await cc.close();
    await sandbox.close();
    tmp.remove();
  }
}
