// Settings › Fulfilment › Licence keys in Chromium: keys added for a product whose sales stopped
// for want of its keys say, by the pools, how many of those sales are tried again now (a sale
// with two such deliveries counted once; another product's waiting sale not at all), and an add
// that sent none back says nothing of them.
import { describe, expect, it } from 'vitest';
import { waitForText } from '../../support/browser';
import { goToSettingsSection, useRendererPages } from '../../support/renderer-pages';
import { createDeliveryFake } from './delivery-fake-console';

const pages = useRendererPages();

const noKeys = (product: string) =>
  `No licence key left for ${product}: add keys and the delivery is tried again`;

describe('Licence keys: sales waiting for keys', () => {
  it('says how many waiting sales the added keys send back to be tried now', async () => {
    const fake = createDeliveryFake();
    const waiting = { status: 'needs_attention' as const, lastError: noKeys('Photo App (APP)') };
    fake.addJob(1, waiting);
    fake.addJob(1, { ...waiting, ruleName: 'Licence forward', kind: 'forward' });
    fake.addJob(2, waiting);
    fake.addJob(3, { ...waiting, lastError: noKeys('Café Guide (ebook) (EBOOK)') });
    const p = await pages.open(fake, {
      screen: 'Settings',
      viewport: { width: 1280, height: 800 },
    });
    await goToSettingsSection(p, 'Fulfilment');
    const keys = p.getByRole('region', { name: 'Licence keys' });
    const line = keys.getByRole('status').filter({ hasText: 'tried again now' });

    await keys.getByLabel('Product').selectOption('APP');
    await keys.getByLabel('Keys, one per line').fill('KEY-1\nKEY-2\nKEY-3');
    await keys.getByRole('button', { name: 'Add keys' }).click();
    await waitForText(
      line,
      /^2 waiting sales are tried again now; any still short of keys waits for more\.$/,
    );
    // By the pools, before the form.
    const pools = keys.getByRole('list', { name: 'Key pools' });
    await waitForText(pools, '3 keys free');
    expect(
      await line.evaluate((el) =>
        Boolean(
          el.previousElementSibling?.matches('ul[aria-label="Key pools"]') &&
          el.nextElementSibling?.matches('form'),
        ),
      ),
    ).toBe(true);
    expect(fake.jobs.filter((j) => j.status === 'pending').map((j) => j.saleId)).toEqual([1, 1, 2]);

    // Nothing waits for these any more: the next add says only what it added.
    await keys.getByLabel('Keys, one per line').fill('KEY-4');
    await keys.getByRole('button', { name: 'Add keys' }).click();
    await waitForText(pools, '4 keys free');
    await waitForText(keys.getByRole('status'), 'Added 1 key.');
    await expect.poll(() => line.count()).toBe(0);
  });
});
