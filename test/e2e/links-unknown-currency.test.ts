// Review R12 MEDIUM 2, in the app against the sandbox as observed (the default), whose catalogue
// states no currency: a product's price shows as Quaderno gave it, a typed price is checked for
// its form first, and then made in the currency the merchant names.
import { describe, expect, it } from 'vitest';
import type { Link } from '../../preload/contract';
import { fieldErrors, startApp, type RunningApp } from '../support/app-harness';
import { useBrowser } from '../support/browser';

const browser = useBrowser();
let app: RunningApp | null = null;

async function links(): Promise<Link[]> {
  const envelope = await app!.console.call('links.list', {});
  if (!envelope.ok) throw new Error(envelope.error.message);
  return (envelope.value as { items: Link[] }).items;
}

describe('a custom price for a product whose currency Quaderno has not said', () => {
  it('asks the price’s currency and makes the link in it', async () => {
    app = await startApp(browser, { sandbox: 'observed', viewport: { width: 1280, height: 800 } });
    const p = app.page;
    await p.getByRole('heading', { level: 1, name: 'Links' }).waitFor();
    await p.getByRole('button', { name: 'New link', exact: true }).click();
    await p.getByLabel('Email', { exact: true }).fill('kenji@example.jp');
    await p.getByRole('combobox', { name: 'Product' }).fill('washi');
    // As Quaderno gave it: 500, not "500.00", and no dangling "·".
    const option = p.getByRole('option', { name: /Washi Sticker Set/ });
    expect(await option.locator('.picker-price').textContent()).toBe('500');
    await option.click();
    await expect
      .poll(() => p.locator('.product-picker .field-hint').textContent())
      .toBe('500 each');

    const price = p.getByLabel('Price (optional)');
    const currency = p.getByLabel('Currency', { exact: true });
    await price.fill('abc');
    await p.getByRole('button', { name: 'Create link' }).click();
    await expect.poll(() => fieldErrors(price)).toEqual(['Enter a price like 12.50.']);

    await price.fill('450');
    await p.getByRole('button', { name: 'Create link' }).click();
    await expect
      .poll(() => fieldErrors(currency))
      .toEqual([
        'Quaderno has not said which currency this product is priced in. Enter the currency of your price, like EUR.',
      ]);
    await currency.fill('jpy');
    await p.getByRole('button', { name: 'Create link' }).click();
    await p.getByRole('heading', { name: 'Link ready' }).waitFor();
    const [link] = await links();
    expect(link).toMatchObject({ currency: 'JPY', total: 450, items: [{ unitAmount: 450 }] });
  });
});
