// The Links screen in Chromium against a console double: every path the real
// service cannot be made to take on demand (refusals, events, a second page).
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { ConsoleError } from '../../../main/errors';
import { fieldErrors } from '../../support/app-harness';
import { saveScreenshot, waitForText } from '../../support/browser';
import { expectRefused } from '../../support/page-checks';
import { useRendererPages } from '../../support/renderer-pages';
import { createLinksFake, type LinksFake } from './links-fake-console';

const pages = useRendererPages();
let fake: LinksFake;

beforeEach(() => {
  fake = createLinksFake();
});

async function open(viewport = { width: 1280, height: 800 }): Promise<Page> {
  const page = await pages.open(fake, { viewport, clipboard: true });
  await page.getByRole('heading', { level: 1, name: 'Links' }).waitFor();
  return page;
}

async function pickProduct(p: Page, label: string, search: string, name: string) {
  await p.getByRole('combobox', { name: label }).fill(search);
  await p.getByRole('option', { name: new RegExp(name) }).click();
}

async function newLink(p: Page, email: string, firstName = 'Jane') {
  await p.getByRole('button', { name: 'New link', exact: true }).click();
  await p.getByLabel('Email', { exact: true }).fill(email);
  await p.getByLabel('First name', { exact: true }).fill(firstName);
  await pickProduct(p, 'Product', 'course', 'Sourdough');
}

const rows = (p: Page) => p.getByRole('list', { name: 'Links' }).getByRole('listitem');
const clipboard = (p: Page) => p.evaluate(() => navigator.clipboard.readText());

describe('the New link form', () => {
  it('creates a link on Enter and copies its permalink and the email text', async () => {
    const p = await open();
    await newLink(p, 'jane@example.com');
    await p.getByLabel('Quantity', { exact: true }).fill('2');
    await saveScreenshot(p, 'links-new-form-1280x800');
    await p.getByLabel('Quantity', { exact: true }).press('Enter');

    await p.getByRole('heading', { name: 'Link ready' }).waitFor();
    const link = fake.links[0]!;
    expect(await p.getByLabel('Checkout link', { exact: true }).inputValue()).toBe(link.permalink);
    expect(fake.calls.find((c) => c.name === 'links.create')?.input).toMatchObject({
      customer: { email: 'jane@example.com', firstName: 'Jane' },
      items: [{ product: 'prod_course', quantity: 2 }],
      successUrl: 'https://shop.example/thanks',
    });
    await p.getByRole('button', { name: 'Copy link' }).first().click();
    await p.getByRole('status').filter({ hasText: 'Copied' }).first().waitFor();
    expect(await clipboard(p)).toBe(link.permalink);
    await p.getByRole('button', { name: 'Copy email' }).click();
    await expect.poll(() => clipboard(p)).toContain('Hi Jane, pay €98.00');
    await saveScreenshot(p, 'links-result-1280x800');
  });

  it('says when an open link was reused and makes a fresh one on request', async () => {
    const p = await open();
    await newLink(p, 'jane@example.com');
    await p.getByRole('button', { name: 'Create link' }).click();
    await p.getByRole('heading', { name: 'Link ready' }).waitFor();

    await newLink(p, 'JANE@example.com');
    await p.getByRole('button', { name: 'Create link' }).click();
    const notice = p.getByRole('status').filter({ hasText: 'Reused your open link from' });
    await notice.waitFor();
    await waitForText(notice, 'Nov 27, 2026');
    await saveScreenshot(p, 'links-reused-1280x800');

    await p.getByRole('button', { name: 'Create a new one instead' }).click();
    await p.getByRole('heading', { name: 'Link ready' }).waitFor();
    const creates = fake.calls.filter((c) => c.name === 'links.create');
    expect(creates).toHaveLength(3);
    expect(creates[2]?.input).toMatchObject({ forceNew: true });
    expect(fake.links).toHaveLength(2);
  });

  it('shows each refusal next to the field it is about and focuses the first one', async () => {
    const p = await open();
    await newLink(p, 'not-an-email');
    await p.getByRole('button', { name: 'Create link' }).click();
    const email = p.getByLabel('Email', { exact: true });
    await expectRefused(email, ['Enter a valid email address, like jane@example.com.']);

    await email.fill('jane@example.com');
    fake.failNextCreate(
      new ConsoleError('invalid_input', 'Quaderno refused the quantity.', {
        fields: { 'items.0.quantity': 'Quaderno allows at most 99 of this product.' },
      }),
    );
    await p.getByRole('button', { name: 'Create link' }).click();
    await expect
      .poll(() => fieldErrors(p.getByLabel('Quantity', { exact: true })))
      .toEqual(['Quaderno allows at most 99 of this product.']);
    expect(await fieldErrors(email)).toEqual([]);
    await saveScreenshot(p, 'links-field-error-1280x800');
  });

  it('takes a price override in the product currency, yen without decimals', async () => {
    const p = await open();
    await p.getByRole('button', { name: 'New link', exact: true }).click();
    await p.getByLabel('Email', { exact: true }).fill('kenji@example.jp');
    await pickProduct(p, 'Product', 'washi', 'Washi');
    await p.getByLabel('Price (optional)', { exact: true }).fill('6.5');
    await p.getByRole('button', { name: 'Create link' }).click();
    await expect
      .poll(() => fieldErrors(p.getByLabel('Price (optional)', { exact: true })))
      .toEqual(['Enter a price in JPY, like 500.']);
    expect(fake.calls.some((c) => c.name === 'links.create')).toBe(false);

    await p.getByLabel('Price (optional)', { exact: true }).fill('650');
    await p.getByRole('button', { name: 'Add another product' }).click();
    await pickProduct(p, 'Product 2', 'washi', 'Washi');
    await p.getByLabel('Quantity 2', { exact: true }).fill('3');
    await p.getByRole('button', { name: 'Create link' }).click();
    await p.getByRole('heading', { name: 'Link ready' }).waitFor();
    expect(fake.calls.find((c) => c.name === 'links.create')?.input).toMatchObject({
      items: [
        { product: 'prod_washi', quantity: 1, unitAmount: 650, currency: 'JPY' },
        { product: 'prod_washi', quantity: 3 },
      ],
    });
    await waitForText(p.locator('.result-summary'), '¥2,150');
  });

  it('picks a product with the keyboard alone', async () => {
    const p = await open();
    await p.getByRole('button', { name: 'New link', exact: true }).click();
    await p.getByLabel('Email', { exact: true }).fill('jane@example.com');
    const picker = p.getByRole('combobox', { name: 'Product' });
    await picker.focus();
    await picker.pressSequentially('guide');
    await picker.press('ArrowDown');
    await saveScreenshot(p, 'links-product-picker-1280x800');
    await picker.press('Enter');
    expect(await picker.inputValue()).toBe('Café Guide (ebook)');
    // The first Enter picked the product; the next one submits.
    expect(fake.calls.some((c) => c.name === 'links.create')).toBe(false);
    await picker.press('Enter');
    await p.getByRole('heading', { name: 'Link ready' }).waitFor();
  });

  it('keeps the options folded away, prefilled from Settings, and sends a change for this link', async () => {
    const p = await open();
    await newLink(p, 'jane@example.com');
    expect(await p.getByLabel('Checkout language', { exact: true }).isVisible()).toBe(false);
    await p.getByText('More options').click();
    expect(
      await p.getByLabel('After payment, send the customer to', { exact: true }).inputValue(),
    ).toBe('https://shop.example/thanks');
    await p.getByLabel('Checkout language', { exact: true }).selectOption('es');
    await p.getByLabel('PayPal', { exact: true }).check();
    await p.getByLabel('If the customer cancels, send them to', { exact: true }).fill('ftp://x');
    await saveScreenshot(p, 'links-more-options-1280x800');
    await p.getByRole('button', { name: 'Create link' }).click();
    await expect
      .poll(() =>
        fieldErrors(p.getByLabel('If the customer cancels, send them to', { exact: true })),
      )
      .toHaveLength(1);
    await p
      .getByLabel('If the customer cancels, send them to', { exact: true })
      .fill('https://shop.example/back');
    await p.getByRole('button', { name: 'Create link' }).click();
    await p.getByRole('heading', { name: 'Link ready' }).waitFor();
    expect(fake.calls.filter((c) => c.name === 'links.create').at(-1)?.input).toMatchObject({
      locale: 'es',
      paymentMethods: ['card', 'paypal'],
      cancelUrl: 'https://shop.example/back',
      successUrl: 'https://shop.example/thanks',
    });
  });

  it('opens from anywhere with Ctrl+N, ready to type the email', async () => {
    const p = await open();
    await p.getByRole('button', { name: 'Settings', exact: true }).click();
    await p.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    await p.keyboard.press('Control+n');
    await p.getByRole('heading', { level: 2, name: 'New link' }).waitFor();
    await expect
      .poll(() => p.evaluate(() => document.activeElement?.getAttribute('name')))
      .toBe('customer.email');
    // Plain navigation back to Links does not reopen the form.
    await p.getByRole('button', { name: 'Discard', exact: true }).click();
    await p.getByRole('button', { name: 'Settings', exact: true }).click();
    await p.getByRole('button', { name: 'Links', exact: true }).click();
    await p.getByRole('heading', { level: 1, name: 'Links' }).waitFor();
    expect(await p.getByRole('heading', { level: 2, name: 'New link' }).count()).toBe(0);
  });
});

describe('the Links list', () => {
  async function withThreeLinks(viewport?: { width: number; height: number }) {
    const p = await open(viewport);
    for (const [email, name] of [
      ['jane@example.com', 'Jane'],
      ['omar@example.com', 'Omar'],
      ['li@example.com', 'Li'],
    ] as const) {
      await fake.dispatch('links.create', {
        customer: { email, firstName: name, lastName: 'Doe' },
        items: [{ product: 'prod_guide', quantity: 1 }],
      });
    }
    await expect.poll(() => rows(p).count()).toBe(3);
    return p;
  }

  it('follows links.changed, searches by name and filters by status', async () => {
    const p = await withThreeLinks();
    await waitForText(rows(p).first(), 'Li Doe');
    await waitForText(rows(p).first(), '€21.00');
    await p.getByLabel('Search by email or name', { exact: true }).fill('omar');
    await expect.poll(() => rows(p).count()).toBe(1);
    await waitForText(rows(p).first(), 'omar@example.com');

    await p.getByLabel('Search by email or name', { exact: true }).fill('');
    fake.links[1]!.status = 'completed';
    fake.emit('links.changed', { ids: [fake.links[1]!.id] });
    await rows(p).filter({ hasText: 'Paid' }).waitFor();
    await p.getByLabel('Status', { exact: true }).selectOption('completed');
    await expect.poll(() => rows(p).count()).toBe(1);
    expect(await rows(p).first().getByRole('button', { name: /^Edit/ }).count()).toBe(0);
  });

  it('cancels a pending link only after confirming', async () => {
    const p = await withThreeLinks();
    const jane = rows(p).filter({ hasText: 'Jane Doe' });
    await jane.getByRole('button', { name: /^Cancel…/ }).click();
    await saveScreenshot(p, 'links-confirm-cancel-1280x800');
    await jane.getByRole('button', { name: 'Keep it' }).click();
    expect(fake.calls.some((c) => c.name === 'links.cancel')).toBe(false);
    await jane.getByRole('button', { name: /^Cancel…/ }).click();
    await jane.getByRole('button', { name: 'Cancel link' }).click();
    await jane.getByText('Cancelled').waitFor();
    expect(fake.calls.filter((c) => c.name === 'links.cancel')).toHaveLength(1);
  });

  it('edits a pending link in a prefilled form', async () => {
    const p = await withThreeLinks();
    await rows(p).filter({ hasText: 'Omar Doe' }).getByRole('button', { name: /^Edit/ }).click();
    await p.getByRole('heading', { level: 2, name: 'Edit link' }).waitFor();
    expect(await p.getByLabel('Email', { exact: true }).inputValue()).toBe('omar@example.com');
    expect(await p.getByRole('combobox', { name: 'Product' }).inputValue()).toBe(
      'Café Guide (ebook)',
    );
    await p.getByLabel('Quantity', { exact: true }).fill('4');
    await p.getByRole('button', { name: 'Save changes' }).click();
    await p.getByRole('heading', { name: 'Link ready' }).waitFor();
    expect(fake.calls.find((c) => c.name === 'links.update')?.input).toMatchObject({
      customer: { email: 'omar@example.com', firstName: 'Omar' },
      items: [{ product: 'prod_guide', quantity: 4 }],
    });
    await rows(p).filter({ hasText: '4 × Café Guide' }).waitFor();
  });

  it('edits a link whose product is not in the synced catalogue, keeping its price', async () => {
    fake = createLinksFake({
      unsynced: [
        {
          code: 'prod_zine',
          name: 'Risograph Zine',
          description: null,
          unitAmount: 1250,
          currency: 'EUR',
          kind: 'one_off',
        },
      ],
    });
    const p = await open();
    await fake.dispatch('links.create', {
      customer: { email: 'omar@example.com', firstName: 'Omar' },
      items: [{ product: 'prod_zine', quantity: 1, unitAmount: 1100, currency: 'EUR' }],
    });
    const omar = rows(p).filter({ hasText: 'Omar' });
    await waitForText(omar, '€11.00');
    await omar.getByRole('button', { name: /^Edit/ }).click();
    await p.getByRole('heading', { level: 2, name: 'Edit link' }).waitFor();
    await p.getByLabel('Quantity', { exact: true }).fill('2');
    await p.getByRole('button', { name: 'Save changes' }).click();
    await p.getByRole('heading', { name: 'Link ready' }).waitFor();
    expect(fake.calls.find((c) => c.name === 'links.update')?.input).toMatchObject({
      items: [{ product: 'prod_zine', quantity: 2, unitAmount: 1100, currency: 'EUR' }],
    });
    await waitForText(omar, '€22.00');
  });

  it('fits a 900×700 window', async () => {
    const p = await withThreeLinks({ width: 900, height: 700 });
    await saveScreenshot(p, 'links-list-900x700');
    await newLink(p, 'jane@example.com');
    await p.getByRole('button', { name: 'Add another product' }).click();
    await saveScreenshot(p, 'links-new-form-900x700');
    const overflow = await p.evaluate(
      () => document.documentElement.scrollWidth > document.documentElement.clientWidth,
    );
    expect(overflow).toBe(false);
  });
});
