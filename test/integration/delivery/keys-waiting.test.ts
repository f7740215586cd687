// Sales whose licence keys ran out are delivered once the merchant adds keys, with no Retry: the
// whole path on real consoles (the app's, which runs the worker, and a second one on the same
// folder that runs none, as the CLI's `keys add` does), a real mail server, the products named
// as the catalogue names them. Each sale gets one email and its own key; no key goes to two.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../../main/console';
import { createMemorySecrets } from '../../../main/secrets';
import { openStore } from '../../../main/store';
import { useRig } from '../../support/live-rig';
import { newFulfillment } from '../../support/sale-fixtures';
import { startSmtpSink } from '../../support/smtp-sink';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir('cc-keys-waiting-');
const rig = useRig(tmp);

/** The app's console (it runs the worker) with a mail server and a keys rule for one product. */
async function appWithKeysRule() {
  const smtp = await startSmtpSink();
  rig.later(() => smtp.close());
  const sb = await rig.sandbox();
  const app = await rig.console(sb, {
    secrets: createMemorySecrets(),
    live: { autoStart: false },
    // The worker looks for due jobs on its own only every minute, far past the bounds below:
    // what is delivered within them was woken (the sales' change, the keys' add), not found.
    delivery: { run: true, limits: { idleMs: 60_000 } },
  });
  const accountId = (await app.invoke('app.info', {})).activeAccount?.id ?? 0;
  const [product] = await app.invoke('products.sync', {});
  const code = product?.code ?? '';
  const name = product?.name ?? '';
  expect(name).not.toBe('');
  await app.invoke('smtp.set', {
    host: smtp.host,
    port: smtp.port,
    security: 'none',
    user: '',
    from: 'shop@example.com',
  });
  await app.invoke('rules.add', {
    name: 'Licence email',
    productCode: code,
    useLicenceKeys: true,
    action: { kind: 'email', subject: 'Your {product}', body: 'Your key: {licenceKey}\n' },
  });
  /** Sales of the product to `buyers`, recorded as the receiver does, the app told. */
  const recordSales = (buyers: string[]) => {
    const store = openStore(join(tmp.path, DATABASE_FILE));
    const ids = buyers.map(
      (email, i) =>
        store.fulfillments.record(
          accountId,
          newFulfillment({
            sessionId: 800 + i,
            customerEmail: email,
            products: [{ code, name, quantity: 1 }],
          }),
        ).id,
    );
    store.close();
    app.emit('fulfillments.changed', { ids });
    return ids;
  };
  const jobs = async (status: 'needs_attention' | 'done') =>
    (await app.invoke('jobs.list', { status })).items;
  return { sb, app, smtp, code, name, recordSales, jobs };
}

describe('sales waiting for licence keys', { timeout: 60_000 }, () => {
  it('are delivered once keys are added, each with its own key, from the app or the CLI', async () => {
    const { sb, app, smtp, code, name, recordSales, jobs } = await appWithKeysRule();
    const buyers = ['ann@example.com', 'bob@example.com'];
    const saleIds = recordSales(buyers);

    const attention = () => jobs('needs_attention');
    await expect.poll(async () => (await attention()).length, { timeout: 20_000 }).toBe(2);
    for (const job of await attention()) {
      expect(job.lastError).toBe(
        `No licence key left for ${name} (${code}): add keys and the delivery is tried again`,
      );
    }

    // One key for two waiting sales: one gets it, the other waits again.
    await app.invoke('keys.add', { productCode: code, keys: ['KEY-A'] });
    const done = () => jobs('done');
    await expect.poll(async () => (await done()).length, { timeout: 20_000 }).toBe(1);
    await expect.poll(async () => (await attention()).length, { timeout: 20_000 }).toBe(1);
    const log = await app.invoke('activity.list', { limit: 50 });
    expect(log.items.map((i) => i.message)).toContain(
      `Keys added for ${name} (${code}): trying 2 waiting deliveries again`,
    );

    // The CLI's console runs no worker: the app's sees the job it sent back at its next look,
    // brought forward here as any change of the sales does (its idle look is a minute away).
    const cli = await rig.console(sb, { live: { autoStart: false }, delivery: { run: false } });
    await cli.invoke('keys.add', { productCode: code, keys: ['KEY-B'] });
    expect((await attention()).length).toBe(0);
    app.emit('fulfillments.changed', { ids: [] });
    await expect.poll(async () => (await done()).length, { timeout: 20_000 }).toBe(2);

    expect(smtp.messages).toHaveLength(2);
    const handedOut: string[] = [];
    for (const [i, email] of buyers.entries()) {
      const mails = smtp.messages.filter((m) => m.to.includes(email));
      expect(mails, email).toHaveLength(1);
      const keys = await app.invoke('keys.forSale', { id: saleIds[i] ?? 0 });
      expect(keys, email).toHaveLength(1);
      expect(keys[0]).toMatchObject({ productCode: code, productName: name });
      expect(mails[0]?.text).toContain(keys[0]?.key);
      handedOut.push(keys[0]?.key ?? '');
    }
    expect(handedOut.sort()).toEqual(['KEY-A', 'KEY-B']);
    const [pool] = await app.invoke('keys.list', {});
    expect(pool).toMatchObject({ free: 0, taken: 2 });
  });

  it('marked fulfilled while they waited are delivered on Undo with the key added meanwhile', async () => {
    const { app, smtp, code, recordSales, jobs } = await appWithKeysRule();
    const [saleId = 0] = recordSales(['ann@example.com']);
    await expect
      .poll(async () => (await jobs('needs_attention')).length, { timeout: 20_000 })
      .toBe(1);

    await app.invoke('fulfillments.markFulfilled', { id: saleId });
    await app.invoke('keys.add', { productCode: code, keys: ['KEY-A'] });
    // Held: the key waits for the sale, not the sale for a Retry.
    expect((await jobs('needs_attention')).length).toBe(1);
    const [pool] = await app.invoke('keys.list', {});
    expect(pool).toMatchObject({ free: 1, taken: 0 });

    const changed: number[] = [];
    app.on('jobs.changed', ({ saleId: id }) => changed.push(id));
    await app.invoke('fulfillments.undo', { id: saleId });
    expect(changed).toContain(saleId);
    await expect.poll(async () => (await jobs('done')).length, { timeout: 20_000 }).toBe(1);
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]?.text).toContain('KEY-A');
  });
});
