// Unsaved Settings edits are never dropped silently (issue 17, One vocabulary): leaving a
// section with edits, by the Settings sections, the sidebar or Ctrl+N, asks "Discard changes?";
// Keep editing stays with the edits, Discard changes goes where the merchant was going.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useCleanups } from '../../support/cleanups';
import { useRendererPages } from '../../support/renderer-pages';
import { saveScreenshot } from '../../support/browser';
import { useTempDir } from '../../support/temp-dir';
import { sampleAccount } from './fake-console';
import { createSettingsFake, type SettingsFake } from './settings-fake-console';

const tmp = useTempDir('cc-settings-unsaved-');
const pages = useRendererPages();
const { closing } = useCleanups();

const TYPED = 'Hi {firstName}, your {items}: {link}';

async function linkDefaults(
  fake: SettingsFake = closing(createSettingsFake(tmp.file('console.db'), sampleAccount)),
): Promise<Page> {
  const page = await pages.open(fake, { screen: 'Settings' });
  await page.getByRole('button', { name: 'Link defaults' }).click();
  await page.getByRole('heading', { level: 2, name: 'Link defaults' }).waitFor();
  return page;
}

const template = (p: Page) => p.getByLabel('Email text for a new link');
const ask = (p: Page) => p.getByRole('alertdialog', { name: 'Discard changes?' });

describe('leaving Settings with unsaved edits', () => {
  it('asks before another section; Keep editing keeps the edits where they were', async () => {
    const p = await linkDefaults();
    await expect.poll(() => template(p).inputValue()).not.toBe('');
    await template(p).fill(TYPED);
    await p.getByRole('button', { name: 'Webhooks and tunnel' }).click();
    await ask(p).waitFor();
    await saveScreenshot(p, 'settings-discard-changes-1280x800');
    await ask(p).getByRole('button', { name: 'Keep editing' }).click();
    await ask(p).waitFor({ state: 'detached' });
    expect(await template(p).inputValue()).toBe(TYPED);
    await p.getByRole('heading', { level: 2, name: 'Link defaults' }).waitFor();
  });

  it('asks before the sidebar takes the merchant away; Discard changes goes there', async () => {
    const p = await linkDefaults();
    const stored = await template(p).inputValue();
    await template(p).fill(TYPED);
    await p.getByRole('button', { name: 'Links', exact: true }).click();
    await ask(p).getByRole('button', { name: 'Discard changes' }).click();
    await p.getByRole('heading', { level: 1, name: 'Links' }).waitFor();

    await p.getByRole('button', { name: 'Settings', exact: true }).click();
    await p.getByRole('button', { name: 'Link defaults' }).click();
    await expect.poll(() => template(p).inputValue()).toBe(stored);
  });

  it('asks before Ctrl+N opens a new link', async () => {
    const p = await linkDefaults();
    await template(p).fill(TYPED);
    await p.keyboard.press('Control+n');
    await ask(p).getByRole('button', { name: 'Discard changes' }).click();
    await p.getByRole('heading', { level: 2, name: 'New link' }).waitFor();
  });

  it('asks before a clicked sale notification or the tray’s New link… takes the merchant away', async () => {
    const fake = closing(createSettingsFake(tmp.file('console.db'), sampleAccount));
    const p = await linkDefaults(fake);
    await expect.poll(() => template(p).inputValue()).not.toBe('');
    await template(p).fill(TYPED);
    fake.emit('desk.focusFulfillment', { id: 7 });
    await ask(p).getByRole('button', { name: 'Keep editing' }).click();
    await ask(p).waitFor({ state: 'detached' });
    expect(await template(p).inputValue()).toBe(TYPED);
    await p.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();

    fake.emit('desk.newLink', {});
    await ask(p).getByRole('button', { name: 'Discard changes' }).click();
    await p.getByRole('heading', { level: 2, name: 'New link' }).waitFor();
  });

  it('does not ask when nothing was changed, or once the changes are saved', async () => {
    const p = await linkDefaults();
    await template(p).fill(TYPED);
    await p.getByRole('button', { name: 'Save defaults' }).click();
    await p.getByRole('status').getByText('Saved.', { exact: false }).waitFor();
    await p.getByRole('button', { name: 'Webhooks and tunnel' }).click();
    await p.getByRole('heading', { level: 2, name: 'Webhooks and tunnel' }).waitFor();
    await p.getByRole('button', { name: 'Link defaults' }).click();
    await p.getByRole('button', { name: 'Links', exact: true }).click();
    await p.getByRole('heading', { level: 1, name: 'Links' }).waitFor();
    expect(await ask(p).count()).toBe(0);
  });

  it('asks before leaving an account half connected in Settings › Accounts', async () => {
    const fake = closing(createSettingsFake(tmp.file('console.db'), sampleAccount));
    const p = await pages.open(fake, { screen: 'Settings' });
    await p.getByRole('button', { name: 'Connect a Quaderno account' }).click();
    await p.getByLabel('Account name or API URL').fill('acme');
    await p.getByRole('button', { name: 'Link defaults' }).click();
    await ask(p).getByText('The account you were connecting is not added yet.').waitFor();
    await ask(p).getByRole('button', { name: 'Keep editing' }).click();
    expect(await p.getByLabel('Account name or API URL').inputValue()).toBe('acme');
  });
});
