// Preferences stored by an older or hand-edited install: one unreadable field must not cost the
// merchant the others, neither when read nor on the next save.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createConsole, DATABASE_FILE, type CheckoutConsole } from '../../../main/console';
import { createMemorySecrets } from '../../../main/secrets';
import { openStore } from '../../../main/store';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir('cc-settings-fields-');
const open: CheckoutConsole[] = [];

afterEach(async () => {
  for (const cc of open.splice(0)) await cc.close();
});

const good = {
  successUrl: 'https://shop.example/thanks',
  cancelUrl: 'https://shop.example/cart',
  locale: 'fr',
  couponCollection: true,
  emailTemplate: 'Bonjour {firstName}: {link}',
  receiverPort: 8700,
};

async function consoleWithStoredPreferences(stored: unknown): Promise<CheckoutConsole> {
  const store = openStore(join(tmp.path, DATABASE_FILE));
  store.settings.set('preferences', stored);
  store.close();
  const cc = await createConsole({
    dataDir: tmp.path,
    secrets: createMemorySecrets(),
    env: {},
    version: '9.9.9',
  });
  open.push(cc);
  return cc;
}

describe('preferences with one unreadable field', () => {
  it('keeps every readable field and falls back only for the bad one', async () => {
    const cc = await consoleWithStoredPreferences({ ...good, paymentMethods: ['bitcoin'] });
    const settings = await cc.invoke('settings.get', {});
    expect(settings).toMatchObject({ ...good, paymentMethods: ['card'] });
  });

  it('keeps the readable fields when an unrelated field is saved', async () => {
    const cc = await consoleWithStoredPreferences({ ...good, notifications: 'yes please' });
    await cc.invoke('settings.update', { billingDetailsCollection: 'required' });
    const settings = await cc.invoke('settings.get', {});
    expect(settings).toMatchObject({
      ...good,
      billingDetailsCollection: 'required',
      notifications: true,
    });
  });
});
