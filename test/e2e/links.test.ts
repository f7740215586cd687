// Checkout links end to end: the built renderer in Chromium, the real console
// and links service, the built-in sandbox as Quaderno.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Link } from '../../preload/contract';
import { fieldErrors, startApp, type RunningApp } from '../support/app-harness';
import { saveScreenshot, useBrowser, waitForText } from '../support/browser';
import { expectRefused } from '../support/page-checks';

const browser = useBrowser();
let app: RunningApp | null = null;

/** The app in demo mode (built-in sandbox), on the Links screen, clipboard allowed. */
async function inLinks(viewport = { width: 1280, height: 800 }): Promise<Page> {
  // Documented: these cases show prices in each product's currency, which the observed
  // catalogue does not state (journey-observed.test.ts covers that sandbox).
  app = await startApp(browser, { sandbox: 'documented', viewport, clipboard: true });
  await app.page.getByRole('heading', { level: 1, name: 'Links' }).waitFor();
  return app.page;
}

async function fillNewLink(p: Page, email: string, search: string, product: RegExp) {
  await p.getByRole('button', { name: 'New link', exact: true }).click();
  await p.getByLabel('Email', { exact: true }).fill(email);
  await p.getByLabel('First name', { exact: true }).fill('Jane');
  await p.getByLabel('Last name', { exact: true }).fill('Doe');
  await p.getByRole('combobox', { name: 'Product' }).fill(search);
  await p.getByRole('option', { name: product }).click();
}

async function links(): Promise<Link[]> {
  const envelope = await app!.console.call('links.list', {});
  if (!envelope.ok) throw new Error(envelope.error.message);
  return (envelope.value as { items: Link[] }).items;
}

/** The product code the form's first row picked, as the console's catalogue has it. */
async function productCode(p: Page): Promise<string | undefined> {
  const name = await p.getByRole('combobox', { name: 'Product' }).inputValue();
  const envelope = await app!.console.call('products.list', {});
  if (!envelope.ok) throw new Error(envelope.error.message);
  return (envelope.value as Array<{ code: string; name: string }>).find((x) => x.name === name)
    ?.code;
}

const rows = (p: Page) => p.getByRole('list', { name: 'Links' }).getByRole('listitem');
const clipboard = (p: Page) => p.evaluate(() => navigator.clipboard.readText());

describe('checkout links in the app', () => {
  it('creates a link, copies it, lists it, and reuses it on a repeat', async () => {
    const p = await inLinks();
    await fillNewLink(p, 'jane@example.com', 'sourdough', /Sourdough Baking Course/);
    await p.getByLabel('Quantity', { exact: true }).fill('2');
    await p.getByLabel('Quantity', { exact: true }).press('Enter');

    await p.getByRole('heading', { name: 'Link ready' }).waitFor();
    const [created] = await links();
    expect(created).toMatchObject({ status: 'pending', total: 9800, currency: 'EUR' });
    const permalink = await p.getByLabel('Checkout link').inputValue();
    expect(permalink).toBe(created!.permalink);
    await waitForText(p.locator('.result-summary'), '€98.00');

    // A new link goes straight to the clipboard; the buttons copy it (or the email) again.
    await expect.poll(() => clipboard(p)).toBe(permalink);
    await p.getByRole('button', { name: 'Copy email' }).click();
    await expect.poll(() => clipboard(p)).not.toBe(permalink);
    const email = await clipboard(p);
    expect(email).toContain(permalink);
    expect(email).toContain('Jane');
    await p.getByRole('button', { name: 'Copy link' }).first().click();
    await expect.poll(() => clipboard(p)).toBe(permalink);
    await saveScreenshot(p, 'links-e2e-result-1280x800');

    // The Electron shell hands the new window's URL to the OS browser; here Chromium opens it.
    const [checkout] = await Promise.all([
      p.context().waitForEvent('page'),
      p.getByRole('button', { name: 'Open in browser' }).click(),
    ]);
    await checkout.waitForURL(permalink);
    await checkout.close();

    await rows(p).filter({ hasText: 'Jane Doe' }).getByText('€98.00').waitFor();
    await expect.poll(() => rows(p).count()).toBe(1);

    // The same customer (differently typed) and the same purchase: no second session.
    await fillNewLink(p, '  JANE@example.com ', 'sourdough', /Sourdough Baking Course/);
    await p.getByLabel('Quantity', { exact: true }).fill('2');
    await p.getByRole('button', { name: 'Create link' }).click();
    const notice = p.getByRole('status').filter({ hasText: 'Reused your open link from' });
    await notice.waitFor();
    await expect.poll(() => p.getByLabel('Checkout link').inputValue()).toBe(permalink);
    await saveScreenshot(p, 'links-e2e-reused-1280x800');
    await rows(p).filter({ hasText: 'Reused 1 time' }).waitFor();
    expect(await links()).toHaveLength(1);

    await p.getByRole('button', { name: 'Create a new one instead' }).click();
    // The reused link's panel may still be on screen: wait for the new link, not the heading.
    await expect.poll(() => p.getByLabel('Checkout link').inputValue()).not.toBe(permalink);
    await expect.poll(() => rows(p).count()).toBe(2);
    expect(await links()).toHaveLength(2);
  });

  it('shows a bad email next to the email field and creates nothing', async () => {
    const p = await inLinks();
    await fillNewLink(p, 'jane@example', 'washi', /Washi Sticker Set/);
    await p.getByRole('button', { name: 'Create link' }).click();
    await expectRefused(p.getByLabel('Email', { exact: true }), [
      'Enter a valid email address, like jane@example.com.',
    ]);
    await saveScreenshot(p, 'links-e2e-bad-email-1280x800');
    expect(await links()).toHaveLength(0);
  });

  it('prices a yen product without decimals, edits it, and cancels it after confirming', async () => {
    const p = await inLinks({ width: 900, height: 700 });
    await fillNewLink(p, 'kenji@example.jp', 'washi', /Washi Sticker Set.*¥500/);
    await p.getByLabel('Quantity', { exact: true }).fill('3');
    await p.getByRole('button', { name: 'Create link' }).click();
    await p.getByRole('heading', { name: 'Link ready' }).waitFor();
    await waitForText(p.locator('.result-summary'), '¥1,500');
    await p.getByRole('button', { name: 'Close', exact: true }).click();

    const row = rows(p).filter({ hasText: 'kenji@example.jp' });
    await row.getByText('¥1,500').waitFor();
    await row.getByRole('button', { name: /^Edit/ }).click();
    await p.getByRole('heading', { level: 2, name: 'Edit link' }).waitFor();
    await p.getByLabel('Quantity', { exact: true }).fill('4');
    await p.getByRole('button', { name: 'Save changes' }).click();
    await p.getByRole('heading', { name: 'Link ready' }).waitFor();
    await row.getByText('¥2,000').waitFor();
    expect((await links())[0]).toMatchObject({ total: 2000, currency: 'JPY' });
    await saveScreenshot(p, 'links-e2e-list-900x700');
    await row.getByRole('button', { name: /^Cancel…/ }).click();
    await row.getByRole('button', { name: 'Cancel link' }).click();
    await row.getByText('Cancelled').waitFor();
    expect((await links())[0]?.status).toBe('deleted');
    await expect.poll(() => row.getByRole('button', { name: /^Edit/ }).count()).toBe(0);
  });

  it('names every mistake in the form at once and creates nothing (review R12 MEDIUM 5, 6)', async () => {
    const p = await inLinks();
    await fillNewLink(p, 'maria', 'washi', /Washi Sticker Set/);
    await p.getByLabel('Billing country (optional)').fill('Spain');
    await p.getByLabel('Quantity', { exact: true }).fill('0');
    await p.getByLabel('Price (optional)').fill('abc');
    await p.getByRole('button', { name: 'Create link' }).click();
    await expectRefused(p.getByLabel('Email', { exact: true }), [
      'Enter a valid email address, like jane@example.com.',
    ]);
    await expect
      .poll(async () => [
        await fieldErrors(p.getByLabel('Billing country (optional)')),
        await fieldErrors(p.getByLabel('Quantity', { exact: true })),
        await fieldErrors(p.getByLabel('Price (optional)')),
      ])
      .toEqual([
        ['Use the two-letter country code: Spain is ES.'],
        ['Quantity must be a whole number of 1 or more.'],
        ['Enter a price like 12.50.'],
      ]);
    // Two letters that name no country are main's refusal too, not only the page's.
    const sp = await app!.console.call('links.create', {
      customer: { email: 'maria@example.com', billingCountry: 'SP' },
      items: [{ product: (await productCode(p)) ?? '', quantity: 1 }],
    });
    expect(sp.ok ? null : sp.error.fields).toEqual({
      'customer.billingCountry': 'SP is not a country code. Spain is ES.',
    });
    expect(await links()).toHaveLength(0);
  });

  it('sends a cancelled link again with "New link like this" (review R12 MEDIUM 9)', async () => {
    const p = await inLinks();
    await fillNewLink(p, 'ana@example.com', 'washi', /Washi Sticker Set/);
    await p.getByLabel('Quantity', { exact: true }).fill('3');
    await p.getByRole('button', { name: 'Create link' }).click();
    await p.getByRole('heading', { name: 'Link ready' }).waitFor();
    await p.getByRole('button', { name: 'Close', exact: true }).click();
    const row = rows(p).filter({ hasText: 'ana@example.com' });
    await row.getByRole('button', { name: /^Cancel…/ }).click();
    await row.getByRole('button', { name: 'Cancel link' }).click();
    await row.getByText('Cancelled').waitFor();

    await row.getByRole('button', { name: /^New link like this/ }).press('Enter');
    await p.getByRole('heading', { level: 2, name: 'New link' }).waitFor();
    const email = p.getByLabel('Email', { exact: true });
    await expect.poll(() => email.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await email.inputValue()).toBe('ana@example.com');
    expect(await p.getByLabel('Quantity', { exact: true }).inputValue()).toBe('3');
    await p.getByRole('button', { name: 'Create link' }).click();
    await p.getByRole('heading', { name: 'Link ready' }).waitFor();
    const [fresh, cancelled] = await links();
    expect(fresh).toMatchObject({
      status: 'pending',
      customer: { email: 'ana@example.com', firstName: 'Jane', lastName: 'Doe' },
      items: [{ quantity: 3 }],
    });
    expect(fresh!.items[0]!.product).toBe(cancelled!.items[0]!.product);
    expect(cancelled!.status).toBe('deleted');
  });
});
