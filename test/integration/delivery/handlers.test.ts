// The delivery methods as the page and the CLI call them, on a real console and SQLite file:
// rules are checked before anything is stored, secrets go to the keychain and never come back
// out (nor reach the data file), command rules are refused to the page, and a job the merchant
// marks done counts the sale as delivered.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATABASE_FILE, type CheckoutConsole, type ConsoleOptions } from '../../../main/console';
import { ConsoleError } from '../../../main/errors';
import { createMemorySecrets } from '../../../main/secrets';
import type { SecretStore } from '../../../main/secrets';
import { openStore } from '../../../main/store';
import { LOOPBACK_SMTP } from '../../support/delivery-store';
import { useRig } from '../../support/live-rig';
import { startSmtpSink } from '../../support/smtp-sink';
import { newFulfillment } from '../../support/sale-fixtures';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir('cc-delivery-handlers-');
const rig = useRig(tmp);

const FORWARD_SECRET = 'forward-secret-0123456789-abcdef';
const SMTP_PASSWORD = 'smtp-password-9876543210';

async function open(
  secrets: SecretStore = createMemorySecrets(),
  extra: Partial<ConsoleOptions> = {},
): Promise<CheckoutConsole> {
  const sb = await rig.sandbox();
  const cc = await rig.console(sb, { secrets, live: { autoStart: false }, ...extra });
  return cc;
}

async function refusal(p: Promise<unknown>): Promise<ConsoleError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  if (!(e instanceof ConsoleError)) throw new Error('expected a refusal');
  return e;
}

const dataFileText = () =>
  ['', '-wal']
    .map((s) => {
      try {
        return readFileSync(join(tmp.path, DATABASE_FILE + s)).toString('latin1');
      } catch {
        return '';
      }
    })
    .join('');

describe('delivery rules', () => {
  it('refuses an email rule whose body names an unknown placeholder, storing nothing', async () => {
    const cc = await open();
    const e = await refusal(
      cc.invoke('rules.add', {
        name: 'Ebook email',
        action: {
          kind: 'email',
          subject: 'Your ebook',
          body: 'Hi {firstName}, your key: {Licence_key}',
        },
        useLicenceKeys: true,
      }),
    );
    expect(e.code).toBe('invalid_input');
    expect(e.fields?.['action.body']).toContain('{Licence_key}');
    expect(await cc.invoke('rules.list', {})).toEqual([]);
  });

  it('keeps a forward rule’s secret in the keychain only: never in a result or the data file', async () => {
    const secrets = createMemorySecrets();
    const cc = await open(secrets);
    const missing = await refusal(
      cc.invoke('rules.add', {
        name: 'Shop',
        action: { kind: 'forward', url: 'http://127.0.0.1:9/hook' },
      }),
    );
    expect(Object.keys(missing.fields ?? {})).toEqual(['secret']);

    const rule = await cc.invoke('rules.add', {
      name: 'Shop',
      action: { kind: 'forward', url: 'http://127.0.0.1:9/hook' },
      secret: FORWARD_SECRET,
    });
    expect(rule.hasSecret).toBe(true);
    expect(JSON.stringify(await cc.invoke('rules.list', {}))).not.toContain(FORWARD_SECRET);
    expect(dataFileText()).not.toContain(FORWARD_SECRET);

    // An edit without a secret keeps it; removing the rule removes it.
    const renamed = await cc.invoke('rules.edit', { id: rule.id, name: 'Shop backend' });
    expect(renamed).toMatchObject({ name: 'Shop backend', hasSecret: true });
    await cc.invoke('rules.remove', { id: rule.id });
    expect(await cc.invoke('rules.list', {})).toEqual([]);
    const name = `forward-secret:${(await cc.invoke('app.info', {})).activeAccount?.id}:${rule.id}`;
    expect(await secrets.get(name)).toBeNull();
  });

  it('refuses command rules to the page and accepts them where commands are allowed', async () => {
    const app = await open();
    const command = { kind: 'command' as const, command: 'cat > /dev/null', timeoutSeconds: 5 };
    const e = await refusal(app.invoke('rules.add', { name: 'Run', action: command }));
    expect(e.fields?.['action.command']).toContain('checkout-console listen');
    await app.close();

    const cli = await open(createMemorySecrets(), { delivery: { commands: true } });
    const rule = await cli.invoke('rules.add', { name: 'Run', action: command });
    expect(rule.action).toEqual(command);
  });
});

describe('rules the page may not write', () => {
  it('refuses a forward address with a user name and password in it', async () => {
    const cc = await open();
    const e = await refusal(
      cc.invoke('rules.add', {
        name: 'Shop',
        action: { kind: 'forward', url: 'https://shop:hunter22@shop.example/hook' },
        secret: FORWARD_SECRET,
      }),
    );
    expect(Object.keys(e.fields ?? {})).toEqual(['action.url']);
    expect(await cc.invoke('rules.list', {})).toEqual([]);
  });

  it('refuses to switch a command rule on or off from the page', async () => {
    const cli = await open(createMemorySecrets(), { delivery: { commands: true } });
    const command = { kind: 'command' as const, command: 'cat > /dev/null', timeoutSeconds: 5 };
    const rule = await cli.invoke('rules.add', { name: 'Run', action: command, enabled: false });
    await cli.close();
    const app = await rig.console(null, {
      env: {},
      secrets: createMemorySecrets(),
      live: { autoStart: false },
    });
    // The same data folder: the app sees the CLI's rule and its sandbox account.
    await app.invoke('accounts.switch', {
      id: (await app.invoke('accounts.list', {}))[0]?.id ?? 0,
    });
    const e = await refusal(app.invoke('rules.setEnabled', { id: rule.id, enabled: true }));
    expect(e.fields?.['action.command']).toContain('checkout-console');
    expect((await app.invoke('rules.list', {}))[0]?.enabled).toBe(false);
  });

  it('refuses a rule for a product the catalogue does not sell', async () => {
    const cc = await open();
    const [product] = await cc.invoke('products.sync', {});
    const e = await refusal(
      cc.invoke('rules.add', {
        name: 'Ebook email',
        productCode: 'NO-SUCH-PRODUCT',
        action: { kind: 'email', subject: 'Your ebook', body: 'Hi {firstName}' },
      }),
    );
    expect(Object.keys(e.fields ?? {})).toEqual(['productCode']);
    const rule = await cc.invoke('rules.add', {
      name: 'Ebook email',
      productCode: product?.code ?? '',
      action: { kind: 'email', subject: 'Your ebook', body: 'Hi {firstName}' },
    });
    expect(rule.productCode).toBe(product?.code);
  });
});

describe('rules without a keychain', () => {
  it('edits and removes an email rule where no keychain can be reached (a headless server)', async () => {
    const memory = createMemorySecrets();
    const noDelete: SecretStore = {
      get: (name) => memory.get(name),
      set: (name, value) => memory.set(name, value),
      delete: () => Promise.reject(new ConsoleError('keychain_unavailable', 'No keychain here.')),
    };
    const cc = await open(noDelete);
    const rule = await cc.invoke('rules.add', {
      name: 'Ebook email',
      action: { kind: 'email', subject: 'Your ebook', body: 'Hi {firstName}' },
    });
    await cc.invoke('rules.edit', { id: rule.id, name: 'Ebook' });
    await cc.invoke('rules.remove', { id: rule.id });
    expect(await cc.invoke('rules.list', {})).toEqual([]);
  });
});

describe('the mail server', () => {
  it('never hands the password back, and never writes it to the data file', async () => {
    const cc = await open();
    expect(await cc.invoke('smtp.get', {})).toBeNull();
    const saved = await cc.invoke('smtp.set', { ...LOOPBACK_SMTP, password: SMTP_PASSWORD });
    expect(saved).toEqual({ ...LOOPBACK_SMTP, hasPassword: true });
    expect(dataFileText()).not.toContain(SMTP_PASSWORD);
    const { hasPassword: _, ...settings } = saved;
    const kept = await cc.invoke('smtp.set', { ...settings, from: 'sales@example.com' });
    expect(kept).toMatchObject({ from: 'sales@example.com', hasPassword: true });
    const cleared = await cc.invoke('smtp.set', { ...settings, password: '' });
    expect(cleared.hasPassword).toBe(false);
  });
});

describe('jobs and keys', () => {
  it('writes a job for a sale of a matching product and counts the sale delivered once marked done', async () => {
    const cc = await open();
    const accountId = (await cc.invoke('app.info', {})).activeAccount?.id ?? 0;
    await cc.invoke('rules.add', {
      name: 'Ebook email',
      productCode: 'EBOOK',
      action: { kind: 'email', subject: 'Your ebook', body: 'Hi {firstName}: {licenceKey}' },
      useLicenceKeys: true,
    });
    const added = await cc.invoke('keys.add', { productCode: 'EBOOK', keys: ['K-1', 'K-2', ''] });
    expect(added).toMatchObject({ added: 2, skipped: 1, pool: { free: 2, taken: 0 } });

    const store = openStore(join(tmp.path, DATABASE_FILE));
    const ebook = store.fulfillments.record(
      accountId,
      newFulfillment({ sessionId: 11, products: [{ code: 'EBOOK', name: 'Ebook', quantity: 1 }] }),
    );
    store.fulfillments.record(
      accountId,
      newFulfillment({ sessionId: 12, products: [{ code: 'COURSE', name: 'Course' }] }),
    );
    store.close();

    const { items } = await cc.invoke('jobs.list', {});
    expect(items.map((j) => [j.saleId, j.ruleName, j.status])).toEqual([
      [ebook.id, 'Ebook email', 'pending'],
    ]);
    const job = await cc.invoke('jobs.markDone', { id: items[0]?.id ?? 0 });
    expect(job).toMatchObject({ status: 'done', doneBy: 'merchant' });
    expect((await cc.invoke('fulfillments.get', { id: ebook.id })).status).toBe('fulfilled');
  });
});

describe('the count of sales to deliver', () => {
  it('leaves out a sale a rule is still delivering, and counts it again once it needs attention', async () => {
    const cc = await open();
    const accountId = (await cc.invoke('app.info', {})).activeAccount?.id ?? 0;
    await cc.invoke('rules.add', {
      name: 'Ebook email',
      productCode: 'EBOOK',
      action: { kind: 'email', subject: 'Your ebook', body: 'Hi {firstName}' },
    });
    const store = openStore(join(tmp.path, DATABASE_FILE));
    try {
      store.fulfillments.record(
        accountId,
        newFulfillment({ sessionId: 21, products: [{ code: 'EBOOK', name: 'Ebook' }] }),
      );
      store.fulfillments.record(
        accountId,
        newFulfillment({ sessionId: 22, products: [{ code: 'COURSE', name: 'Course' }] }),
      );
      expect(await cc.invoke('fulfillments.undelivered', {})).toEqual({ count: 1 });

      const [job] = (await cc.invoke('jobs.list', {})).items;
      store.deliveryJobs.failed(job?.id ?? 0, 'The mail server refused the login.', null);
      expect(await cc.invoke('fulfillments.undelivered', {})).toEqual({ count: 2 });
    } finally {
      store.close();
    }
  });
});

describe('the mail server password follows its server', () => {
  it('is dropped when the host, port, user or security changes without a new one', async () => {
    const captured: string[] = [];
    const thief = await startSmtpSink({
      loginRefusal: (_user, pass) => {
        captured.push(pass);
        return { code: 535, message: 'no' };
      },
    });
    rig.later(() => thief.close());
    const cc = await open();
    const server = LOOPBACK_SMTP;
    await cc.invoke('smtp.set', { ...server, password: SMTP_PASSWORD });
    await cc.invoke('rules.add', {
      name: 'Ebook email',
      action: { kind: 'email', subject: 'Your ebook', body: 'Hi {firstName}' },
    });
    for (const change of [{ port: thief.port }, { user: 'someone' }, { host: 'localhost' }]) {
      await cc.invoke('smtp.set', { ...server, password: SMTP_PASSWORD });
      const moved = await cc.invoke('smtp.set', { ...server, ...change });
      expect(moved.hasPassword, JSON.stringify(change)).toBe(false);
    }
    await cc.invoke('smtp.set', { ...server, password: SMTP_PASSWORD });
    await cc.invoke('smtp.set', { ...server, port: thief.port });
    const [rule] = await cc.invoke('rules.list', {});
    const e = await refusal(cc.invoke('rules.sendTest', { id: rule?.id ?? 0 }));
    expect(e.message).toContain('No password is stored for shop');
    expect(captured).toEqual([]);
  });

  it('refuses to send a password unencrypted to another computer', async () => {
    const cc = await open();
    const e = await refusal(
      cc.invoke('smtp.set', {
        host: 'smtp.example.com',
        port: 25,
        security: 'none',
        user: 'shop',
        from: 'shop@example.com',
        password: SMTP_PASSWORD,
      }),
    );
    expect(Object.keys(e.fields ?? {})).toEqual(['security']);
    expect(await cc.invoke('smtp.get', {})).toBeNull();
  });
});
