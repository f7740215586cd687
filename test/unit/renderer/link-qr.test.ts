// A link's QR code in the Links screen (issue 15, item 4), in Chromium against the links double:
// the code is drawn in the page from the permalink, Save as PNG's download and Copy as image's
// PNG (main's, through links.copyQr) read back to the permalink with a QR reader.
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { linkNotFound, linkQrPng } from '../../../main/links';
import { saveScreenshot } from '../../support/browser';
import { decodeQrPng } from '../../support/qr-decode';
import { useRendererPages } from '../../support/renderer-pages';
import {
  createLinksFake,
  openLinksScreen,
  pickProduct,
  type LinksFake,
} from './links-fake-console';

const pages = useRendererPages();
let fake: LinksFake;
/** What links.copyQr put on the "clipboard": the app's main process writes this PNG. */
let copied: Buffer[];

beforeEach(() => {
  const links = createLinksFake();
  copied = [];
  fake = {
    ...links,
    async dispatch(name, input) {
      if (name !== 'links.copyQr') return links.dispatch(name, input);
      const { id } = input as { id: number };
      const link = links.links.find((l) => l.id === id);
      if (!link) throw linkNotFound(id, false);
      copied.push(await linkQrPng(link));
      return { ok: true, value: { copied: true } };
    },
  };
});

const rows = (p: Page) => p.getByRole('list', { name: 'Links' }).getByRole('listitem');

async function saveAsPng(p: Page, within: ReturnType<Page['locator']>): Promise<Buffer> {
  const [download] = await Promise.all([
    p.waitForEvent('download'),
    within.getByRole('button', { name: 'Save as PNG' }).click(),
  ]);
  const path = await download.path();
  expect(download.suggestedFilename()).toMatch(/^checkout-link-\d+-qr\.png$/);
  return readFile(path);
}

describe('the QR code of a link', () => {
  it('shows in the result panel; Save as PNG and Copy as image read back as the permalink', async () => {
    const p = await openLinksScreen(pages, fake);
    await p.getByRole('button', { name: 'New link', exact: true }).click();
    await p.getByLabel('Email', { exact: true }).fill('jane@example.com');
    await p.getByLabel('First name', { exact: true }).fill('Jane');
    await pickProduct(p, 'Product');
    await p.getByRole('button', { name: 'Create link' }).click();
    await p.getByRole('heading', { name: 'Link ready' }).waitFor();
    const permalink = fake.links[0]!.permalink;

    const panel = p.getByRole('region', { name: 'Link ready' });
    await panel.getByRole('img', { name: 'QR code for the link to Jane' }).waitFor();
    await saveScreenshot(p, 'links-result-qr-1280x800');
    expect(decodeQrPng(await saveAsPng(p, panel))).toBe(permalink);

    await panel.getByRole('button', { name: 'Copy as image' }).click();
    await panel.getByRole('status').filter({ hasText: 'Image copied' }).waitFor();
    expect(copied).toHaveLength(1);
    expect(decodeQrPng(copied[0]!)).toBe(permalink);
  });

  it('opens under a row of an open link, and a cancelled or paid link shows none', async () => {
    const p = await openLinksScreen(pages, fake);
    for (const [email, firstName] of [
      ['omar@example.com', 'Omar'],
      ['li@example.com', 'Li'],
    ] as const) {
      await fake.dispatch('links.create', {
        customer: { email, firstName, lastName: 'Doe' },
        items: [{ product: 'prod_guide', quantity: 1 }],
      });
    }
    await expect.poll(() => rows(p).count()).toBe(2);
    const omar = rows(p).filter({ hasText: 'Omar Doe' });
    const toggle = omar.getByRole('button', { name: 'QR code of the link for Omar Doe' });
    await toggle.click();
    await omar.getByRole('img', { name: 'QR code for the link to Omar Doe' }).waitFor();
    expect(
      await omar.getByRole('button', { name: /^Hide QR code/ }).getAttribute('aria-expanded'),
    ).toBe('true');
    await saveScreenshot(p, 'links-row-qr-1280x800');
    const permalink = fake.links.find((l) => l.customer.email === 'omar@example.com')!.permalink;
    expect(decodeQrPng(await saveAsPng(p, omar))).toBe(permalink);

    const li = fake.links.find((l) => l.customer.email === 'li@example.com')!;
    li.status = 'completed';
    fake.emit('links.changed', { ids: [li.id] });
    await rows(p).filter({ hasText: 'Paid' }).waitFor();
    expect(
      await rows(p)
        .filter({ hasText: 'Li Doe' })
        .getByRole('button', { name: /QR code/ })
        .count(),
    ).toBe(0);

    await omar.getByRole('button', { name: /^Cancel…/ }).click();
    await omar.getByRole('button', { name: 'Cancel link' }).click();
    await omar.getByText('Cancelled').waitFor();
    expect(await omar.getByRole('img', { name: /^QR code/ }).count()).toBe(0);
    expect(await omar.getByRole('button', { name: /QR code/ }).count()).toBe(0);
  });

  it('says what to do when the image cannot be copied', async () => {
    const p = await openLinksScreen(pages, {
      ...fake,
      dispatch: (name, input) =>
        name === 'links.copyQr'
          ? Promise.resolve({
              ok: false,
              error: {
                code: 'invalid_input',
                message: 'Copy as image needs the desktop app; use Save as PNG instead.',
              },
            })
          : fake.dispatch(name, input),
    });
    await fake.dispatch('links.create', {
      customer: { email: 'ana@example.com', firstName: 'Ana' },
      items: [{ product: 'prod_guide', quantity: 1 }],
    });
    const ana = rows(p).filter({ hasText: 'Ana' });
    await ana.getByRole('button', { name: /^QR code/ }).click();
    await ana.getByRole('button', { name: 'Copy as image' }).click();
    await ana
      .getByRole('status')
      .filter({ hasText: 'Copy as image needs the desktop app; use Save as PNG instead.' })
      .waitFor();
  });
});
