// Issue 14, Done when: "a real SMTP server in the test receives exactly one email per sale with
// the right key". The whole path on one console: licence keys pasted into a pool, sales recorded
// (their jobs written with them), the console's own worker taking one key per unit bought and
// sending each customer one email through the merchant's mail server (a real SMTP server on
// 127.0.0.1 with a login), each sale then fulfilled by the rule.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../../main/console';
import { createMemorySecrets } from '../../../main/secrets';
import { openStore } from '../../../main/store';
import { useRig } from '../../support/live-rig';
import { newFulfillment } from '../../support/sale-fixtures';
import { startSmtpSink } from '../../support/smtp-sink';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir('cc-licence-email-');
const rig = useRig(tmp);

const LOGIN = { user: 'shop@example.com', pass: 'smtp-Pa55word-for-the-test' };
const KEYS = ['KEY-0001', 'KEY-0002', 'KEY-0003', 'KEY-0004', 'KEY-0005'];

describe('licence keys by email, end to end', () => {
  it('sends each customer exactly one email holding one key per unit bought', async () => {
    const smtp = await startSmtpSink({ login: LOGIN });
    rig.later(() => smtp.close());
    const sb = await rig.sandbox();
    const cc = await rig.console(sb, {
      secrets: createMemorySecrets(),
      live: { autoStart: false },
      delivery: { run: true },
    });
    const accountId = (await cc.invoke('app.info', {})).activeAccount?.id ?? 0;
    const [product] = await cc.invoke('products.sync', {});
    const code = product?.code ?? '';
    await cc.invoke('smtp.set', {
      host: smtp.host,
      port: smtp.port,
      security: 'none',
      user: LOGIN.user,
      from: 'shop@example.com',
      password: LOGIN.pass,
    });
    await cc.invoke('rules.add', {
      name: 'Licence email',
      productCode: code,
      useLicenceKeys: true,
      action: {
        kind: 'email',
        subject: 'Your {product}',
        body: 'Hi {firstName},\nyour keys:\n{licenceKey}\n',
      },
    });
    expect(await cc.invoke('keys.add', { productCode: code, keys: KEYS })).toMatchObject({
      added: 5,
    });

    const buyers = [
      { email: 'ann@example.com', name: 'Ann Lee', quantity: 1 },
      { email: 'bob@example.com', name: 'Bob Roe', quantity: 2 },
      { email: 'cy@example.com', name: 'Cy Poe', quantity: 1 },
    ];
    const store = openStore(join(tmp.path, DATABASE_FILE));
    const saleIds = buyers.map(
      (b, i) =>
        store.fulfillments.record(
          accountId,
          newFulfillment({
            sessionId: 700 + i,
            customerEmail: b.email,
            customerName: b.name,
            products: [{ code, name: product?.name ?? code, quantity: b.quantity }],
          }),
        ).id,
    );
    store.close();
    cc.emit('fulfillments.changed', { ids: saleIds });

    await expect
      .poll(async () => (await cc.invoke('jobs.list', { status: 'done' })).total, {
        timeout: 30_000,
      })
      .toBe(3);
    expect(smtp.messages.map((m) => m.to)).toEqual(
      expect.arrayContaining(buyers.map((b) => [b.email])),
    );
    expect(smtp.messages).toHaveLength(3);

    const handedOut: string[] = [];
    for (const [i, b] of buyers.entries()) {
      const mails = smtp.messages.filter((m) => m.to.includes(b.email));
      expect(mails, b.email).toHaveLength(1);
      const keys = (await cc.invoke('keys.forSale', { id: saleIds[i] ?? 0 })).map((k) => k.key);
      expect(keys, b.email).toHaveLength(b.quantity);
      for (const key of keys) expect(mails[0]?.text).toContain(key);
      handedOut.push(...keys);
      const sale = await cc.invoke('fulfillments.get', { id: saleIds[i] ?? 0 });
      expect([sale.status, sale.note]).toEqual(['fulfilled', "Fulfilled by rule 'Licence email'"]);
    }
    expect(new Set(handedOut).size).toBe(4);
    expect(smtp.logins).toEqual([LOGIN.user, LOGIN.user, LOGIN.user]);
    const [pool] = await cc.invoke('keys.list', {});
    expect(pool).toMatchObject({ free: 1, taken: 4, low: true });
  });
});
