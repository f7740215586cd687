// Issue 17, "Honest offline", in Chromium against the links console double: a link made while
// Quaderno is unreachable is saved as a draft and the form says so (not an error), Drafts lists
// it with Discard, the link made from it is offered ready to copy, and a link's Edit and Cancel
// wait for the connection, saying why.
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { saveScreenshot } from '../../support/browser';
import { useRendererPages } from '../../support/renderer-pages';
import { createDraftsFake, type DraftsFake } from './drafts-fake-console';
import { expectIgnoredWhileWaiting } from './held-call';
import { openLinksScreen, pickProduct } from './links-fake-console';

const pages = useRendererPages();
let fake: DraftsFake;

beforeEach(() => {
  fake = createDraftsFake();
});

const open = () =>
  openLinksScreen(pages, fake, { viewport: { width: 1280, height: 800 }, clipboard: true });

async function createLink(p: Page, email: string): Promise<void> {
  await p.getByRole('button', { name: 'New link', exact: true }).click();
  await p.getByRole('heading', { level: 2, name: 'New link' }).waitFor();
  await p.getByLabel('Email', { exact: true }).fill(email);
  await pickProduct(p, 'Product');
  await p.getByRole('button', { name: 'Create link' }).click();
}

const drafts = (p: Page) => p.getByRole('region', { name: 'Drafts' }).getByRole('listitem');

describe('a link made while Quaderno is unreachable', () => {
  it('is saved as a draft: the form says so instead of an error, and Drafts lists it', async () => {
    const p = await open();
    fake.keepNextCreateAsDraft();
    await createLink(p, 'jane@example.com');

    // Announced at once (an alert), but as news, not styled as an error.
    const saved = p
      .getByRole('alert')
      .filter({ hasText: 'Saved as a draft: it will be created when Quaderno is back.' });
    await saved.waitFor();
    expect(await saved.getAttribute('class')).not.toMatch(/notice-error/);
    expect(await saved.evaluate((el) => el === document.activeElement)).toBe(true);
    const row = drafts(p).filter({ hasText: 'jane@example.com' });
    await row.waitFor();
    expect(await row.textContent()).toMatch(/Draft.*Sourdough Baking Course/);
    await saveScreenshot(p, 'links-draft-saved-1280x800');

    await row.getByRole('button', { name: 'Discard the draft for jane@example.com' }).click();
    await expect.poll(() => drafts(p).count()).toBe(0);
    expect(fake.calls.map((c) => c.name)).toContain('links.discardDraft');
  });

  it('is offered ready to copy once main created it', async () => {
    const p = await open();
    fake.keepNextCreateAsDraft();
    await fake.dispatch('links.create', {
      customer: { email: 'ann@example.com', firstName: 'Ann' },
      items: [{ product: 'prod_guide', quantity: 1 }],
    });
    await drafts(p).filter({ hasText: 'Ann' }).waitFor();
    await fake.dispatch('links.create', {
      customer: { email: 'ann@example.com', firstName: 'Ann' },
      items: [{ product: 'prod_guide', quantity: 1 }],
    });
    const link = fake.links[0];
    if (!link) throw new Error('the fake made no link');
    fake.draftCreated(link);

    const ready = p.getByRole('list', { name: 'Links made from drafts' }).getByRole('listitem');
    await ready.filter({ hasText: 'The link for Ann is ready.' }).waitFor();
    await ready.getByRole('button', { name: 'Copy link' }).click();
    await expect.poll(() => p.evaluate(() => navigator.clipboard.readText())).toBe(link.permalink);
  });
});

describe('a link’s Edit and Cancel while Quaderno is unreachable', () => {
  it('wait with the reason in words, ignore a press, and come back with the connection', async () => {
    const p = await open();
    await fake.dispatch('links.create', {
      customer: { email: 'omar@example.com', firstName: 'Omar' },
      items: [{ product: 'prod_course', quantity: 1 }],
    });
    const row = p.getByRole('list', { name: 'Links' }).getByRole('listitem').first();
    const edit = row.getByRole('button', { name: 'Edit the link for Omar' });
    const cancel = row.getByRole('button', { name: 'Cancel… the link for Omar' });
    await edit.focus();

    fake.setOnline(false);
    // Waiting (aria-disabled), not disabled, so the one with the focus keeps it.
    await expect.poll(() => edit.getAttribute('aria-disabled')).toBe('true');
    expect(await cancel.getAttribute('aria-disabled')).toBe('true');
    expect(await edit.evaluate((el) => el === document.activeElement)).toBe(true);
    await expectIgnoredWhileWaiting(p, edit);
    await expectIgnoredWhileWaiting(p, cancel);
    expect(await p.getByRole('heading', { name: 'Edit link' }).count()).toBe(0);
    expect(await row.getByRole('group', { name: /Cancel the link/ }).count()).toBe(0);
    expect(await row.getByRole('button', { name: 'Cancel link' }).count()).toBe(0);
    for (const button of [edit, cancel]) {
      const reason = await button.evaluate(
        (el) => document.getElementById(el.getAttribute('aria-describedby') ?? '')?.textContent,
      );
      expect(reason).toBe('Editing waits for the connection to Quaderno.');
    }
    await row.getByText('Editing waits for the connection to Quaderno.').waitFor();

    fake.setOnline(true);
    await expect.poll(() => edit.getAttribute('aria-disabled')).toBe('false');
    expect(await cancel.getAttribute('aria-disabled')).toBe('false');
    expect(await edit.getAttribute('aria-describedby')).toBeNull();
    // Cancel…, pressed last, kept the focus as the connection came back; Edit now edits.
    expect(await cancel.evaluate((el) => el === document.activeElement)).toBe(true);
    await edit.focus();
    await p.keyboard.press('Enter');
    await p.getByRole('heading', { name: 'Edit link' }).waitFor();
  });
});
