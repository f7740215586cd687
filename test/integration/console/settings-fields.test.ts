// Preferences stored by an older or hand-edited install: one unreadable field must not cost the
// merchant the others, neither when read nor on the next save.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DATABASE_FILE } from '../../../main/console';
import { openStore } from '../../../main/store';
import { useSettingsConsole } from '../../support/settings-console';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir('cc-settings-fields-');
const consoleWithStoredPreferences = useSettingsConsole(tmp);

const good = {
  successUrl: 'https://shop.example/thanks',
  cancelUrl: 'https://shop.example/cart',
  locale: 'fr',
  couponCollection: true,
  emailTemplate: 'Bonjour {firstName}: {link}',
  receiverPort: 8700,
};

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

  it('keeps what a newer version stored, unchanged, when an unrelated field is saved', async () => {
    const newer = { paymentMethods: ['card', 'paypal', 'bizum'], summaryHour: 9.5, futureKey: 1 };
    const cc = await consoleWithStoredPreferences({ ...good, ...newer });
    await cc.invoke('settings.update', { notifications: false });

    const store = openStore(join(tmp.path, DATABASE_FILE));
    const stored = store.settings.get('preferences', z.record(z.string(), z.unknown()), {});
    store.close();
    expect(stored).toEqual({ ...good, ...newer, notifications: false });
  });
});
