// Issue 17, bug 3 in Chromium against the links console double: a failure that belongs to no
// field (Quaderno unreachable, a Quaderno 500) is scrolled to and focused at 900×700, instead
// of sitting above the window while the focus falls to <body>.
import type { Page } from 'playwright-core';
import { beforeEach, describe, it } from 'vitest';
import { ConsoleError } from '../../../main/errors';
import { expectFocusedInView } from '../../support/focus-checks';
import { useRendererPages } from '../../support/renderer-pages';
import { createLinksFake, type LinksFake } from './links-fake-console';

const pages = useRendererPages();
const SMALL = { width: 900, height: 700 };
let fake: LinksFake;

beforeEach(() => {
  fake = createLinksFake();
});

async function openLinks(): Promise<Page> {
  const page = await pages.open(fake, { viewport: SMALL });
  await page.getByRole('heading', { level: 1, name: 'Links' }).waitFor();
  return page;
}

async function pickProduct(p: Page, label: string) {
  await p.getByRole('combobox', { name: label }).fill('course');
  await p.getByRole('option', { name: /Sourdough/ }).click();
}

describe('a failure that belongs to no field', () => {
  it.each([
    ['Quaderno unreachable', new ConsoleError('offline', 'Quaderno cannot be reached. Try again.')],
    ['a Quaderno 500', new ConsoleError('server_error', 'Quaderno had a problem. Try again.')],
  ])('is scrolled into view and focused (%s)', async (_, failure) => {
    const p = await openLinks();
    await p.getByRole('button', { name: 'New link', exact: true }).click();
    await p.getByLabel('Email', { exact: true }).fill('jane@example.com');
    await pickProduct(p, 'Product');
    // Three product rows make the form taller than the window, as a real order does.
    for (const n of [2, 3]) {
      await p.getByRole('button', { name: 'Add another product' }).click();
      await pickProduct(p, `Product ${n}`);
    }
    const create = p.getByRole('button', { name: 'Create link' });
    await create.scrollIntoViewIfNeeded();
    fake.failNextCreate(failure);
    await create.click();

    const alert = p.locator('form.link-form [role="alert"]');
    await alert.filter({ hasText: failure.message }).waitFor();
    await expectFocusedInView(alert);
  });
});
