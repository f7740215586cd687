// delivery (issue 14): how fast the outbox drains, and how soon a paid sale's email is out.
// - fulfil.outbox_10k: 10,000 recorded sales' forward jobs drained by the worker (real SQLite
//   file, the real signed forward action) to a loopback endpoint, in jobs/s. Baseline, same
//   run: the same endpoint taking plain POSTs, 4 at a time, with no store at all.
// - fulfil.outbox_email_10k: 10,000 recorded sales' email jobs drained by the worker (real
//   SQLite file, the real email action over Nodemailer) into a loopback SMTP server that asks
//   for a login, in emails/s. Baseline, same run: the same server taking the same emails over
//   one pooled Nodemailer transport, 4 at a time, with no store at all.
// - fulfil.sale_to_email: a sandbox checkout completed → the rule's email accepted by a real
//   SMTP server (smtp-server on 127.0.0.1), through the whole console (webhook, receiver,
//   outbox, worker, Nodemailer); median of 20.
// Standalone: node --import tsx test/bench/delivery.ts
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createTransport } from 'nodemailer';
import { createConsole, type CheckoutConsole } from '../../main/console';
import { createEmailAction, type SmtpServer } from '../../main/delivery/email';
import { createMemorySecrets } from '../../main/secrets';
import { addRule, recordSale, startTestWorker } from '../support/delivery-rig';
import { emailRule, LOOPBACK_SMTP } from '../support/delivery-store';
import { startForwardSink, type ForwardSink } from '../support/forward-sink';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink';
import { openStoreWithAccount } from '../support/test-store';
import { createReporter, median, waitFor, type Report } from './report';

const SALES = 10_000;
const BASELINE_POSTS = 2_000;
const BASELINE_EMAILS = 2_000;
const SMTP_PASSWORD = 'bench-smtp-password';
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

/** Waits until no job is pending, then checks every one is done: the seconds it took. */
async function drain(store: ReturnType<typeof openStoreWithAccount>['store'], accountId: number) {
  const count = (status: 'pending' | 'done') =>
    store.deliveryJobs.list(accountId, { status, limit: 1, offset: 0 }).total;
  const t0 = performance.now();
  await waitFor(() => count('pending') === 0, 600_000, 50);
  const seconds = (performance.now() - t0) / 1000;
  if (count('done') !== SALES) throw new Error(`${count('done')} of ${SALES} jobs done`);
  return seconds;
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
    const before = sink.received().length;
    const { worker } = startTestWorker(store);
    const seconds = await drain(store, accountId);
    await worker.stop();
    if (sink.received().length - before !== SALES) {
      throw new Error(`the endpoint got ${sink.received().length - before} POSTs for ${SALES}`);
    }
    report('fulfil.outbox_10k', SALES / seconds, 'jobs/s', '>= 200');
  } finally {
    store.close();
    await sink.close();
  }
}

/** The same emails over one pooled transport, 4 at a time: the floor any worker starts from. */
async function emailsPerSecond(settings: SmtpServer): Promise<number> {
  const transport = createTransport({
    pool: true,
    maxConnections: 4,
    host: settings.host,
    port: settings.port,
    ignoreTLS: true,
    auth: { user: settings.user, pass: SMTP_PASSWORD },
  });
  let next = 0;
  const t0 = performance.now();
  const lane = async () => {
    while (next < BASELINE_EMAILS) {
      next += 1;
      await transport.sendMail({
        from: settings.from,
        to: `baseline${next}@example.com`,
        subject: 'Your ebook',
        text: 'Hi Jane',
      });
    }
  };
  try {
    await Promise.all([lane(), lane(), lane(), lane()]);
  } finally {
    transport.close();
  }
  return BASELINE_EMAILS / ((performance.now() - t0) / 1000);
}

async function emailOutbox(report: Report, dir: string): Promise<void> {
  const smtp: SmtpSink = await startSmtpSink({
    login: { user: LOOPBACK_SMTP.user, pass: SMTP_PASSWORD },
  });
  const settings: SmtpServer = { ...LOOPBACK_SMTP, port: smtp.port };
  const { store, accountId } = openStoreWithAccount(join(dir, 'email-outbox.sqlite'));
  try {
    report('fulfil.outbox_email_baseline_sends', await emailsPerSecond(settings), 'emails/s');
    addRule(store, accountId, { name: 'Thank-you email', action: emailRule().action });
    store.transaction(() => {
      for (let i = 0; i < SALES; i += 1) recordSale(store, accountId, 2_000_000 + i);
    });
    const before = smtp.messages.length;
    const email = createEmailAction({
      smtp: () => settings,
      password: () => Promise.resolve(SMTP_PASSWORD),
    });
    const { worker } = startTestWorker(store, { actions: { email } });
    const seconds = await drain(store, accountId);
    await worker.stop();
    const sent = smtp.messages.length - before;
    if (sent !== SALES) throw new Error(`the mail server got ${sent} emails for ${SALES}`);
    const ids = new Set(smtp.messages.slice(before).map((m) => m.messageId));
    if (ids.size !== SALES) throw new Error(`${ids.size} Message-IDs for ${SALES} emails`);
    report('fulfil.outbox_email_10k', SALES / seconds, 'emails/s', '>= 200');
  } finally {
    store.close();
    await smtp.close();
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
    await emailOutbox(report, dir);
    await saleToEmail(report, dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await bench(createReporter([]));
}
