// `listen` in a terminal shows each delivery's end (review of issue 14: a headless merchant never
// saw "needs attention" or a retry): one line per job change, read back from the console.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPrinter } from '../../../main/commands/live';
import { DATABASE_FILE } from '../../../main/console';
import { createMemorySecrets } from '../../../main/secrets';
import { openStore } from '../../../main/store';
import { useRig } from '../../support/live-rig';
import { FORWARD_SECRET, recordSale } from '../../support/delivery-rig';
import { startForwardSink } from '../../support/forward-sink';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir('cc-listen-lines-');
const rig = useRig(tmp);

describe('listen prints deliveries', () => {
  it('says when a delivery needs attention, is retried, is held by its sale marked fulfilled, and is done', async () => {
    const sb = await rig.sandbox();
    const cc = await rig.console(sb, { live: { autoStart: false } });
    const accountId = (await cc.invoke('app.info', {})).activeAccount?.id ?? 0;
    await cc.invoke('rules.add', {
      name: 'Ebook email',
      action: { kind: 'email', subject: 'Your ebook', body: 'Hi {firstName}' },
    });
    const refused = 'The mail server refused the login for shop.';
    /** The job's try ends needing attention, as a worker's would. */
    const refuse = (id: number) => {
      const store = openStore(join(tmp.path, DATABASE_FILE));
      try {
        store.deliveryJobs.failed(id, refused, null);
      } finally {
        store.close();
      }
    };
    const store = openStore(join(tmp.path, DATABASE_FILE));
    let saleId: number;
    let jobId: number;
    try {
      saleId = recordSale(store, accountId, 901);
      jobId = store.deliveryJobs.list(accountId, { saleId, limit: 1, offset: 0 }).items[0]?.id ?? 0;
    } finally {
      store.close();
    }
    refuse(jobId);
    const lines: string[] = [];
    const print = createPrinter(
      cc,
      { out: (l) => lines.push(l), err: () => undefined, readStdin: async () => '' },
      false,
    );

    await print('jobs.changed', { saleId, jobId, status: 'needs_attention' });
    // The same change heard twice prints once.
    await print('jobs.changed', { saleId, jobId, status: 'needs_attention' });
    // Retried, it is due now: its try's end will say how it went, even the same way again.
    await cc.invoke('jobs.retry', { id: jobId });
    await print('jobs.changed', { saleId, jobId, status: 'pending' });
    refuse(jobId);
    await print('jobs.changed', { saleId, jobId, status: 'needs_attention' });
    await cc.invoke('jobs.retry', { id: jobId });
    await cc.invoke('fulfillments.markFulfilled', { id: saleId });
    await print('jobs.changed', { saleId, jobId, status: 'pending' });
    await cc.invoke('jobs.markDone', { id: jobId });
    await print('jobs.changed', { saleId, jobId, status: 'done' });

    const attention = `delivery #${jobId} of sale #${saleId} (rule 'Ebook email'): needs attention: ${refused} (checkout-console job retry ${jobId})`;
    expect(lines).toEqual([
      attention,
      attention,
      `delivery #${jobId} of sale #${saleId} (rule 'Ebook email'): held, as the sale is marked fulfilled (last try: ${refused}) (checkout-console fulfillment undo ${saleId})`,
      `delivery #${jobId} of sale #${saleId} (rule 'Ebook email'): done by hand`,
    ]);
  });

  it("prints each try's end once, not its start, as the worker runs", async () => {
    const sink = await startForwardSink();
    rig.later(() => sink.close());
    sink.failNext(1, 500);
    const sb = await rig.sandbox();
    const cc = await rig.console(sb, {
      secrets: createMemorySecrets(),
      live: { autoStart: false },
      // Seconds between the tries (2.4 at the least, with the backoff's jitter): the failure's
      // line is read well before the retry starts.
      delivery: { run: true, limits: { idleMs: 200, retryDelaysMs: [3_000] } },
    });
    const accountId = (await cc.invoke('app.info', {})).activeAccount?.id ?? 0;
    await cc.invoke('rules.add', {
      name: 'Shop',
      action: { kind: 'forward', url: sink.url() },
      secret: FORWARD_SECRET,
    });
    const lines: string[] = [];
    const print = createPrinter(
      cc,
      { out: (l) => lines.push(l), err: () => undefined, readStdin: async () => '' },
      false,
    );
    const off = cc.onAny((name, payload) => void print(name, payload));
    rig.later(off);
    const store = openStore(join(tmp.path, DATABASE_FILE));
    const saleId = recordSale(store, accountId, 902);
    store.close();
    cc.emit('fulfillments.changed', { ids: [saleId] });

    const head = `delivery #1 of sale #${saleId} (rule 'Shop')`;
    const deliveryLines = () => lines.filter((l) => l.startsWith('delivery #'));
    await expect.poll(() => deliveryLines().at(-1), { timeout: 20_000 }).toBe(`${head}: done`);
    expect(deliveryLines()).toEqual([
      expect.stringMatching(new RegExp(`^${escape(head)}: trying again at \\S+: .*answered 500`)),
      `${head}: done`,
    ]);
  });
});

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
