// A small always-on server runs `listen` with its account in the environment and no keychain
// (issue 14: "a small always-on server can fulfil while the laptop sleeps"). Its delivery secrets
// come from the environment too: a forward rule is added without typing a secret and signs with
// CHECKOUT_CONSOLE_FORWARD_SECRET, a per-rule variable wins over it, and the rules and mail
// server still list while the keychain cannot be reached.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../../main/console';
import { ConsoleError } from '../../../main/errors';
import type { SecretStore } from '../../../main/secrets';
import { openStore } from '../../../main/store';
import { recordSale } from '../../support/delivery-rig';
import { startForwardSink } from '../../support/forward-sink';
import { useRig } from '../../support/live-rig';
import { opensslHmac } from '../../support/openssl-hmac';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir('cc-headless-secrets-');
const rig = useRig(tmp);

const SHARED = 'shared-forward-secret-0123456789';
const OWN = 'own-forward-secret-for-rule-two';

const noKeychain: SecretStore = {
  get: () => Promise.reject(new ConsoleError('keychain_unavailable', 'No keychain here.')),
  set: () => Promise.reject(new ConsoleError('keychain_unavailable', 'No keychain here.')),
  delete: () => Promise.reject(new ConsoleError('keychain_unavailable', 'No keychain here.')),
};

/** The v1 of a Checkout-Console-Signature header, checked the way the README tells receivers. */
function signedWith(secret: string, header: string | string[] | undefined, body: string): boolean {
  const fields = Object.fromEntries(
    String(header)
      .split(',')
      .map((kv) => kv.split('=')),
  );
  return fields['v1'] === opensslHmac(secret, `${fields['t']}.${body}`, 'hex', 'sha256');
}

describe('delivery on a server without a keychain', () => {
  it('signs forwards with the secrets the environment names, per rule first', async () => {
    const sink = await startForwardSink();
    rig.later(() => sink.close());
    const sb = await rig.sandbox();
    const env = {
      CHECKOUT_CONSOLE_API_URL: sb.apiUrl,
      CHECKOUT_CONSOLE_API_KEY: sb.apiKey,
      CHECKOUT_CONSOLE_FORWARD_SECRET: SHARED,
      CHECKOUT_CONSOLE_SMTP_PASSWORD: 'smtp-password-from-env',
    };
    const cc = await rig.console(null, {
      env,
      secrets: noKeychain,
      live: { autoStart: false },
      delivery: { run: true, commands: true },
    });
    const first = await cc.invoke('rules.add', {
      name: 'Shop',
      productCode: 'ebook',
      action: { kind: 'forward', url: sink.url('/shop') },
    });
    expect(first.hasSecret).toBe(true);
    const second = await cc.invoke('rules.add', {
      name: 'Books',
      productCode: 'ebook',
      action: { kind: 'forward', url: sink.url('/books') },
    });
    const smtp = await cc.invoke('smtp.set', {
      host: '127.0.0.1',
      port: 2525,
      security: 'none',
      user: 'shop',
      from: 'shop@example.com',
    });
    expect(smtp.hasPassword).toBe(true);
    expect((await cc.invoke('rules.list', {})).map((r) => r.hasSecret)).toEqual([true, true]);
    await cc.close();

    // The per-rule variable, once set, signs that rule alone.
    const cc2 = await rig.console(null, {
      env: { ...env, [`CHECKOUT_CONSOLE_FORWARD_SECRET_${second.id}`]: OWN },
      secrets: noKeychain,
      live: { autoStart: false },
      delivery: { run: true, commands: true },
    });
    const accountId = (await cc2.invoke('app.info', {})).activeAccount?.id ?? 0;
    const store = openStore(join(tmp.path, DATABASE_FILE));
    try {
      recordSale(store, accountId, 501);
    } finally {
      store.close();
    }
    cc2.emit('fulfillments.changed', { ids: [] });
    const got = await sink.waitFor(2, 20_000);
    const byPath = new Map(got.map((d) => [d.target, d]));
    const shop = byPath.get('/shop');
    const books = byPath.get('/books');
    expect(signedWith(SHARED, shop?.headers['checkout-console-signature'], shop?.body ?? '')).toBe(
      true,
    );
    expect(signedWith(OWN, books?.headers['checkout-console-signature'], books?.body ?? '')).toBe(
      true,
    );
    expect(first.id).not.toBe(second.id);
  });
});
