// Preferences stored by an older or hand-edited install: one unreadable field must not cost the
// merchant the others, neither when read nor on the next save.
import { describe, expect, it } from 'vitest';
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
});
