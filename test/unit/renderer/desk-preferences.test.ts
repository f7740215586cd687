// Settings › Desk in Chromium against main's real settings service: open at login, the sale
// sound (unanswered until the merchant ticks or unticks it) with its test button, and the daily
// summary's hour; saving stores these four and nothing else.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { saveScreenshot } from '../../support/browser';
import { useCleanups } from '../../support/cleanups';
import { goToSettingsSection, useRendererPages } from '../../support/renderer-pages';
import { useTempDir } from '../../support/temp-dir';
import { sampleAccount } from './fake-console';
import { createSettingsFake, type SettingsFake } from './settings-fake-console';

const tmp = useTempDir('cc-desk-preferences-');
const pages = useRendererPages();
const { closing } = useCleanups();

async function desk(): Promise<[Page, SettingsFake]> {
  const fake = closing(createSettingsFake(tmp.file('console.db'), sampleAccount));
  const page = await pages.open(fake, {
    screen: 'Settings',
    viewport: { width: 1280, height: 800 },
  });
  await goToSettingsSection(page, 'Desk');
  return [page, fake];
}

/** Counts the oscillators the page starts: the chime's notes, heard or not (no speakers here). */
async function countOscillators(page: Page): Promise<() => Promise<number>> {
  await page.evaluate(() => {
    const counter = window as unknown as { oscillators: number };
    counter.oscillators = 0;
    const original = AudioContext.prototype.createOscillator;
    AudioContext.prototype.createOscillator = function (this: AudioContext) {
      counter.oscillators += 1;
      return original.call(this);
    };
  });
  return () => page.evaluate(() => (window as unknown as { oscillators: number }).oscillators);
}

describe('Settings › Desk', () => {
  it('saves open at login, the sale sound and the summary hour, and nothing else', async () => {
    const [p, fake] = await desk();
    const before = fake.settings();
    await p.getByLabel('Open at login, hidden in the tray').check();
    await p.getByLabel('Play a sound for each new sale').check();
    await p.getByLabel("Daily summary of yesterday's sales").check();
    await p.getByLabel('Summary time').selectOption('18');
    await saveScreenshot(p, 'settings-desk-1280x800');
    await p.getByRole('button', { name: 'Save', exact: true }).click();
    await p.getByRole('status').getByText('Saved.').waitFor();
    expect(fake.settings()).toEqual({
      ...before,
      openAtLogin: true,
      saleSound: true,
      dailySummary: true,
      summaryHour: 18,
    });
  });

  it('keeps the sale sound unanswered when the merchant saves without touching it', async () => {
    const [p, fake] = await desk();
    await p.getByLabel('Open at login, hidden in the tray').check();
    expect(await p.getByLabel('Play a sound for each new sale').isChecked()).toBe(false);
    await p.getByRole('button', { name: 'Save', exact: true }).click();
    await p.getByRole('status').getByText('Saved.').waitFor();
    expect(fake.settings()).toMatchObject({ openAtLogin: true, saleSound: null });
  });

  it('plays the chime on "Play test sound" without saving anything', async () => {
    const [p, fake] = await desk();
    const oscillators = await countOscillators(p);
    await p.getByRole('button', { name: 'Play test sound' }).click();
    await expect.poll(oscillators).toBe(2);
    expect(fake.settings().saleSound).toBeNull();
  });
});
