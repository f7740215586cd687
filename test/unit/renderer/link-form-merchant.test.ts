// Issue 17, "Link form", in Chromium against the links console double: what a merchant expects
// of the New link form and the link rows (paste a mail header, Escape, a reachable Create link,
// no Copy link on a link that can no longer be paid, a failure of "Create a new one instead"
// brought into view).
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import type { SessionStatus } from '../../../preload/contract';
import { ConsoleError } from '../../../main/errors';
import { saveScreenshot } from '../../support/browser';
import { expectFocusedInView } from '../../support/focus-checks';
import { useRendererPages } from '../../support/renderer-pages';
import {
  createLinksFake,
  openLinksScreen,
  pickProduct,
  type LinksFake,
} from './links-fake-console';

const pages = useRendererPages();
const SMALLEST = { width: 800, height: 600 };
let fake: LinksFake;

beforeEach(() => {
  fake = createLinksFake();
});

const open = (viewport = { width: 1280, height: 800 }) =>
  openLinksScreen(pages, fake, { viewport, clipboard: true });

async function openForm(p: Page): Promise<void> {
  await p.getByRole('button', { name: 'New link', exact: true }).click();
  await p.getByRole('heading', { level: 2, name: 'New link' }).waitFor();
}

/** Pastes `text` into the Email field the way a merchant does: clipboard, then Ctrl+V. */
async function pasteIntoEmail(p: Page, text: string): Promise<void> {
  await p.evaluate((t) => navigator.clipboard.writeText(t), text);
  await p.getByLabel('Email', { exact: true }).focus();
  await p.keyboard.press('Control+V');
}

const value = (p: Page, label: string) => p.getByLabel(label, { exact: true }).inputValue();
const customerFields = async (p: Page) => [
  await value(p, 'Email'),
  await value(p, 'First name'),
  await value(p, 'Last name'),
];
const rows = (p: Page) => p.getByRole('list', { name: 'Links' }).getByRole('listitem');

describe('pasting an address into the Email field', () => {
  it('fills the email and the names from "Jane Doe <jane@example.com>"', async () => {
    const p = await open();
    await openForm(p);
    await pasteIntoEmail(p, 'Jane Doe <jane@example.com>');
    await expect.poll(() => customerFields(p)).toEqual(['jane@example.com', 'Jane', 'Doe']);
  });

  it('reads "Doe, Jane" last name first and keeps a name the merchant typed', async () => {
    const p = await open();
    await openForm(p);
    await p.getByLabel('First name', { exact: true }).fill('Janet');
    await pasteIntoEmail(p, '"Doe, Jane" <jane@example.com>');
    await expect.poll(() => customerFields(p)).toEqual(['jane@example.com', 'Janet', 'Doe']);
  });

  it('pastes a bare address as the email alone', async () => {
    const p = await open();
    await openForm(p);
    await pasteIntoEmail(p, ' jane@example.com\n');
    await expect.poll(() => customerFields(p)).toEqual(['jane@example.com', '', '']);
  });
});

describe('Escape in the link form', () => {
  it('closes New link like its Discard button and gives the focus to New link', async () => {
    const p = await open();
    await openForm(p);
    await p.getByLabel('Email', { exact: true }).fill('jane@example.com');
    await p.keyboard.press('Escape');
    await p.getByRole('heading', { level: 2, name: 'New link' }).waitFor({ state: 'detached' });
    await expectFocusedInView(p.getByRole('button', { name: 'New link', exact: true }));
    expect(fake.calls.some((c) => c.name === 'links.create')).toBe(false);
  });

  it('first closes an open product list, then the form', async () => {
    const p = await open();
    await openForm(p);
    const picker = p.getByRole('combobox', { name: 'Product' });
    await picker.fill('course');
    await p.getByRole('option', { name: /Sourdough/ }).waitFor();
    await picker.press('Escape');
    await p.getByRole('option', { name: /Sourdough/ }).waitFor({ state: 'hidden' });
    expect(await p.getByRole('heading', { level: 2, name: 'New link' }).count()).toBe(1);
    await picker.press('Escape');
    await p.getByRole('heading', { level: 2, name: 'New link' }).waitFor({ state: 'detached' });
  });

  it('closes Edit link without saving, like Discard changes', async () => {
    const p = await open();
    await fake.dispatch('links.create', {
      customer: { email: 'omar@example.com', firstName: 'Omar' },
      items: [{ product: 'prod_guide', quantity: 1 }],
    });
    await rows(p).getByRole('button', { name: /^Edit/ }).click();
    await p.getByRole('heading', { level: 2, name: 'Edit link' }).waitFor();
    await p.getByLabel('Quantity', { exact: true }).fill('4');
    await p.keyboard.press('Escape');
    await p.getByRole('heading', { level: 2, name: 'Edit link' }).waitFor({ state: 'detached' });
    expect(fake.calls.some((c) => c.name === 'links.update')).toBe(false);
  });
});

describe('Create link at 800×600', () => {
  it('stays in the window with three product rows, without scrolling', async () => {
    const p = await open(SMALLEST);
    await openForm(p);
    await p.getByLabel('Email', { exact: true }).fill('jane@example.com');
    await pickProduct(p, 'Product');
    for (const n of [2, 3]) {
      await p.getByRole('button', { name: 'Add another product' }).click();
      await pickProduct(p, `Product ${n}`);
    }
    await p.locator('.content').evaluate((el) => el.scrollTo(0, 0));
    // The form is taller than the window, so only a sticky footer keeps the button in reach.
    const form = await p.locator('form.link-form').boundingBox();
    expect(form && form.y + form.height).toBeGreaterThan(SMALLEST.height);
    const create = p.getByRole('button', { name: 'Create link' });
    const box = await create.boundingBox();
    expect(box).not.toBeNull();
    expect(box!.y).toBeGreaterThanOrEqual(0);
    expect(box!.y + box!.height).toBeLessThanOrEqual(SMALLEST.height);
    // Nothing is drawn over it: a click at its centre lands on it.
    const hit = await create.evaluate((el) => {
      const r = el.getBoundingClientRect();
      return el.contains(document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2));
    });
    expect(hit).toBe(true);
    await saveScreenshot(p, 'links-new-form-sticky-800x600');
    await create.click();
    await p.getByRole('heading', { name: 'Link ready' }).waitFor();
  });
});

describe('Copy link on a link that can no longer be paid', () => {
  it('is offered on open and abandoned links, not on paid, failed or cancelled ones', async () => {
    const p = await open();
    const statuses: SessionStatus[] = ['pending', 'abandoned', 'completed', 'failed', 'deleted'];
    for (const [i, status] of statuses.entries()) {
      await fake.dispatch('links.create', {
        customer: { email: `c${i}@example.com`, firstName: status },
        items: [{ product: 'prod_guide', quantity: 1 }],
      });
      fake.links[0]!.status = status;
    }
    fake.emit('links.changed', { ids: fake.links.map((l) => l.id) });
    await rows(p).filter({ hasText: 'Cancelled' }).waitFor();
    const copyable: Record<string, number> = {};
    for (const [i, status] of statuses.entries()) {
      const row = rows(p).filter({ hasText: `c${i}@example.com` });
      copyable[status] = await row.getByRole('button', { name: 'Copy link' }).count();
    }
    expect(copyable).toEqual({ pending: 1, abandoned: 1, completed: 0, failed: 0, deleted: 0 });
  });
});

describe('"Create a new one instead" refused', () => {
  it('brings its alert into view and focuses it', async () => {
    const p = await open(SMALLEST);
    for (const pass of [1, 2]) {
      await openForm(p);
      await p.getByLabel('Email', { exact: true }).fill('jane@example.com');
      await pickProduct(p, 'Product');
      await p.getByRole('button', { name: 'Create link' }).click();
      await p
        .getByRole('heading', { name: pass === 1 ? 'Link ready' : 'Open link found' })
        .waitFor();
    }
    fake.failNextCreate(new ConsoleError('offline', 'Quaderno cannot be reached. Try again.'));
    await p.getByRole('button', { name: 'Create a new one instead' }).click();
    const alert = p.getByRole('alert').filter({ hasText: 'Quaderno cannot be reached.' });
    await expectFocusedInView(alert);
    await saveScreenshot(p, 'links-create-new-refused-800x600');
  });
});

describe('the Links search box', () => {
  it('says it finds products too, and sends the text to links.list', async () => {
    const p = await open();
    await fake.dispatch('links.create', {
      customer: { email: 'jane@example.com', firstName: 'Jane' },
      items: [{ product: 'prod_washi', quantity: 1 }],
    });
    await fake.dispatch('links.create', {
      customer: { email: 'omar@example.com', firstName: 'Omar' },
      items: [{ product: 'prod_guide', quantity: 1 }],
    });
    await expect.poll(() => rows(p).count()).toBe(2);
    const search = p.getByRole('searchbox', { name: 'Search by email or name' });
    // The hint is read out with the field, not only shown under it.
    const described = await search.evaluate((el) =>
      (el.getAttribute('aria-describedby') ?? '')
        .split(' ')
        .map((id) => document.getElementById(id)?.textContent)
        .join(' '),
    );
    expect(described).toContain('Or by product name or code.');
    await search.fill('washi');
    await expect.poll(() => rows(p).count()).toBe(1);
    await rows(p).filter({ hasText: 'jane@example.com' }).waitFor();
    expect(fake.calls.filter((c) => c.name === 'links.list').at(-1)?.input).toMatchObject({
      search: 'washi',
    });
  });
});
