// The first steps of a merchant's journey, shared by the journeys against each sandbox profile:
// the first-run sandbox choice, John Doe's link for the sourdough course, and its payment.
import type { Locator, Page } from 'playwright-core';
import type { SandboxProfileName } from '../../preload/contract';
import { goToScreen } from '../support/renderer-pages';

export interface FirstSale {
  permalink: string;
  /** When the customer clicked Pay (ms). */
  paidAt: number;
  /** The sale's row on the desk, already on screen. */
  row: Locator;
}

/**
 * From the first-run screen to the first sale on the desk: the sandbox answering as `profile`,
 * John's link, the empty desk listening, the customer paying in another tab, the row arriving.
 */
export async function sellJohnsCourse(page: Page, profile: SandboxProfileName): Promise<FirstSale> {
  await startInSandbox(page, profile);
  const permalink = await createJohnsLink(page);
  await goToScreen(page, 'Fulfilments');
  await page.getByRole('heading', { name: 'Nothing to fulfil yet' }).waitFor();
  await waitUntilListening(page);
  // The desk must show the sale without a reload.
  const paidAt = await payInAnotherTab(page, permalink);
  const row = page.locator('.sale-row').filter({ hasText: 'john@doe.com' });
  await row.waitFor({ timeout: 20_000 });
  return { permalink, paidAt, row };
}

/** Picks the sandbox on the first-run screen and waits for the Links screen. */
export async function startInSandbox(page: Page, profile: SandboxProfileName): Promise<void> {
  await page.getByLabel('The sandbox answers').selectOption(profile);
  await page.getByRole('button', { name: 'Try the built-in sandbox' }).click();
  await page.getByRole('heading', { level: 1, name: 'Links' }).waitFor();
}

/** Creates John Doe's link for the Sourdough Baking Course; returns its permalink. */
async function createJohnsLink(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'New link' }).click();
  await page.getByLabel('Email', { exact: true }).fill('john@doe.com');
  await page.getByLabel('First name', { exact: true }).fill('John');
  await page.getByLabel('Last name', { exact: true }).fill('Doe');
  await page.getByRole('combobox', { name: 'Product' }).fill('sourdough');
  await page.getByRole('option', { name: /Sourdough Baking Course/ }).click();
  await page.getByRole('button', { name: 'Create link' }).click();
  await page.getByRole('heading', { name: 'Link ready' }).waitFor();
  return page.getByLabel('Checkout link').inputValue();
}

/** Waits until the strip says sales arrive live (receiver up, webhook registered), so a payment made next does. */
async function waitUntilListening(page: Page): Promise<void> {
  await page
    .getByRole('region', { name: 'Live status' })
    .getByText(/Receiving (sandbox )?sales live/)
    .waitFor();
}

/** The customer pays `permalink` in another tab; returns when the click was made (ms). */
async function payInAnotherTab(page: Page, permalink: string): Promise<number> {
  const checkout = await page.context().newPage();
  try {
    await checkout.goto(permalink);
    const paidAt = Date.now();
    await checkout.getByRole('button', { name: 'Pay' }).click();
    await checkout.getByRole('heading', { name: 'Payment complete' }).waitFor();
    return paidAt;
  } finally {
    await checkout.close();
  }
}
