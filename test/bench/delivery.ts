// delivery (issue 14): how fast the outbox drains, and how soon a paid sale's email is out.
// - fulfil.outbox_10k: 10,000 recorded sales' forward jobs drained by the worker (real SQLite
//   file, the real signed forward action) to a loopback endpoint, in jobs/s. Baseline, same
//   run: the same endpoint taking plain POSTs, 4 at a time, with no store at all.
// - fulfil.sale_to_email: a sandbox checkout completed → the rule's email accepted by a real
//   SMTP server (smtp-server on 127.0.0.1), through the whole console (webhook, receiver,
//   outbox, worker, Nodemailer); median of 20.
// Standalone: node --import tsx test/bench/delivery.ts
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createConsole, type CheckoutConsole } from '../../main/console';
import { createMemorySecrets } from '../../main/secrets';
import { addRule, recordSale, startTestWorker } from '../support/delivery-rig';
import { startForwardSink, type ForwardSink } from '../support/forward-sink';
import { startSmtpSink } from '../support/smtp-sink';
import { openStoreWithAccount } from '../support/test-store';
import { createReporter, median, waitFor, type Report } from './report';

const SALES = 10_000;
const BASELINE_POSTS = 2_000;
const RUNS = 20;

/** Plain POSTs to the endpoint, 4 at a time: the floor any worker starts from. */
async function postsPerSecond(sink: ForwardSink): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  const lane = async () => {
    while (next < BASELINE_POSTS) {
      next += 1;
      const res = await fetch(sink.url(), { method: 'POST', body: '{}' });
      await res.arrayBuffer();
    }
  };
  await Promise.all([lane(), lane(), lane(), lane()]);
  return BASELINE_POSTS / ((performance.now() - t0) / 1000);
}

async function outbox(report: Report, dir: string): Promise<void> {
  const sink = await startForwardSink();
  const { store, accountId } = openStoreWithAccount(join(dir, 'outbox.sqlite'));
  try {
    report('fulfil.outbox_baseline_posts', await postsPerSecond(sink), 'posts/s');
    addRule(store, accountId, { action: { kind: 'forward', url: sink.url() } });
    store.transaction(() => {
      for (let i = 0; i < SALES; i += 1) recordSale(store, accountId, 1_000_000 + i);
    });
    const pending = () =>
      store.deliveryJobs.list(accountId, { status: 'pending', limit: 1, offset: 0 }).total;
    const before = sink.received().length;
    const t0 = performance.now();
    const { worker } = startTestWorker(store);
    await waitFor(() => pending() === 0, 600_000, 50);
    const seconds = (performance.now() - t0) / 1000;
    await worker.stop();
    const done = store.deliveryJobs.list(accountId, { status: 'done', limit: 1, offset: 0 }).total;
    if (done !== SALES) throw new Error(`${done} of ${SALES} jobs done`);
    if (sink.received().length - before !== SALES) {
      throw new Error(`the endpoint got ${sink.received().length - before} POSTs for ${SALES}`);
    }
    report('fulfil.outbox_10k', SALES / seconds, 'jobs/s', '>= 200');
  } finally {
    store.close();
    await sink.close();
  }
}

async function call<T>(
  work: Promise<{ ok: true; value: T } | { ok: false; error: { message: string } }>,
) {
  const result = await work;
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

async function saleToEmail(report: Report, dir: string): Promise<void> {
  const smtp = await startSmtpSink();
  let cc: CheckoutConsole | undefined;
  try {
    cc = await createConsole({
      dataDir: join(dir, 'console'),
      secrets: createMemorySecrets(),
      env: {},
      delivery: { run: true },
    });
    const console_ = cc;
    const account = await call(cc.call('accounts.useSandbox', {}));
    const sandboxOrigin = new URL(account.apiUrl).origin;
    await waitFor(
      async () => (await call(console_.call('live.status', {}))).webhook.state === 'registered',
      60_000,
      50,
    );
    await call(
      cc.call('smtp.set', {
        host: smtp.host,
        port: smtp.port,
        security: 'none',
        user: '',
        from: 'shop@example.com',
      }),
    );
    await call(
      cc.call('rules.add', {
        name: 'Thank-you email',
        action: {
          kind: 'email',
          subject: 'Your {product}',
          body: 'Hi {firstName}, thanks for buying {product} ({amount}).',
        },
      }),
    );
    const product = (await call(cc.call('products.list', {})))[0]?.code;
    if (!product) throw new Error('the sandbox has no products');

    const samples: number[] = [];
    const stamp = Date.now();
    for (let i = 0; i < RUNS; i += 1) {
      const email = `mail${stamp}-${i}@example.com`;
      const { link } = await call(
        cc.call('links.create', {
          customer: { email, firstName: 'Mail', lastName: `Buyer ${i}` },
          items: [{ product }],
        }),
      );
      const t0 = performance.now();
      const res = await fetch(`${sandboxOrigin}/__sandbox/checkout/sessions/${link.id}/complete`, {
        method: 'POST',
      });
      if (res.status !== 200) throw new Error(`sandbox complete answered ${res.status}`);
      await waitFor(() => smtp.messages.some((m) => m.to.includes(email)), 30_000, 2);
      samples.push(performance.now() - t0);
    }
    report(`fulfil.sale_to_email.median${RUNS}`, median(samples), 'ms', '< 500');
    report(`fulfil.sale_to_email.max${RUNS}`, Math.max(...samples), 'ms');
  } finally {
    await cc?.close();
    await smtp.close();
  }
}

export async function bench(report: Report): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'cc-bench-delivery-'));
  try {
    await outbox(report, dir);
    await saleToEmail(report, dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await bench(createReporter([]));
}
