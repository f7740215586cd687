// Settings › Link defaults in Chromium against main's real settings service (issue 17, bug 2):
// an email text without {link} or with a mistyped placeholder is refused next to the field,
// and one stored before that check is still shown as wrong.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Settings } from '../../../preload/contract';
import { useCleanups } from '../../support/cleanups';
import { expectRefused } from '../../support/page-checks';
import { fieldErrors } from '../../support/app-harness';
import { useRendererPages } from '../../support/renderer-pages';
import { saveScreenshot } from '../../support/browser';
import { useTempDir } from '../../support/temp-dir';
import { sampleAccount } from './fake-console';
import { createSettingsFake, type SettingsFake } from './settings-fake-console';

const tmp = useTempDir('cc-settings-email-');
const pages = useRendererPages();
const { closing } = useCleanups();

const BAD = 'Hello {firstname}, thanks for buying {items}.';
const REFUSED =
  'Add {link} where the checkout link goes; without it the email has no link to pay through. ' +
  '{firstname} is not a placeholder; did you mean {firstName}?';

async function linkDefaults(stored?: Partial<Settings>): Promise<[Page, SettingsFake]> {
  const fake = closing(createSettingsFake(tmp.file('console.db'), sampleAccount, stored));
  const page = await pages.open(fake, { screen: 'Settings' });
  await page.getByRole('button', { name: 'Link defaults' }).click();
  await page.getByRole('heading', { level: 2, name: 'Link defaults' }).waitFor();
  return [page, fake];
}

const template = (p: Page) => p.getByLabel('Email text for a new link');

describe('the email text in Settings › Link defaults', () => {
  it('is refused without {link}, naming the wrong-case placeholder, and saves once fixed', async () => {
    const [p, fake] = await linkDefaults();
    const before = fake.settings().emailTemplate;
    await template(p).fill(BAD);
    await p.getByRole('button', { name: 'Save defaults' }).click();

    await expectRefused(template(p), [REFUSED]);
    expect(fake.settings().emailTemplate).toBe(before);
    await saveScreenshot(p, 'settings-email-template-refused-1280x800');

    await template(p).fill('Hello {firstName}, pay for {items} here: {link}');
    await p.getByRole('button', { name: 'Save defaults' }).click();
    await p.getByRole('status').getByText('Saved.', { exact: false }).waitFor();
    await expect.poll(() => fieldErrors(template(p))).toEqual([]);
    expect(fake.settings().emailTemplate).toBe('Hello {firstName}, pay for {items} here: {link}');
  });

  it('says what is wrong with a template stored before the check, and that it still works', async () => {
    const [p] = await linkDefaults({ emailTemplate: BAD });
    await expect.poll(() => template(p).inputValue()).toBe(BAD);
    await expect.poll(() => fieldErrors(template(p))).toEqual([REFUSED]);
    await p.getByText('Copy email still works', { exact: false }).waitFor();
    await saveScreenshot(p, 'settings-email-template-stored-1280x800');
  });
});
