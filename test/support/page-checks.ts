// Waits and checks the renderer tests share: the first-run choices on screen, and a field the
// console refused (its errors tied to it, and the focus on it so the merchant can fix it at once).
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { fieldErrors } from './app-harness';

/** Waits for the first-run screen: its heading and both ways to start. */
export async function waitForFirstRun(page: Page): Promise<void> {
  await page.getByRole('heading', { name: 'Welcome to Checkout Console' }).waitFor();
  await page.getByRole('button', { name: 'Connect your Quaderno account' }).waitFor();
  await page.getByRole('button', { name: 'Try the built-in sandbox' }).waitFor();
}

/** Waits until `field` shows exactly `errors` (aria-describedby) and has the focus. */
export async function expectRefused(field: Locator, errors: string[]): Promise<void> {
  await expect.poll(() => fieldErrors(field)).toEqual(errors);
  await expect.poll(() => field.evaluate((el) => el === document.activeElement)).toBe(true);
}
