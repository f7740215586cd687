// The first steps of a merchant's journey, shared by the journeys against each sandbox profile:
// the first-run sandbox choice, then John Doe's link for the sourdough course.
import type { Page } from 'playwright-core';
import type { SandboxProfileName } from '../../preload/contract';

/** Picks the sandbox on the first-run screen and waits for the Links screen. */
export async function startInSandbox(page: Page, profile: SandboxProfileName): Promise<void> {
  await page.getByLabel('The sandbox answers').selectOption(profile);
  await page.getByRole('button', { name: 'Try the built-in sandbox' }).click();
  await page.getByRole('heading', { level: 1, name: 'Links' }).waitFor();
}

/** Creates John Doe's link for the Sourdough Baking Course; returns its permalink. */
export async function createJohnsLink(page: Page): Promise<string> {
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

/** Waits until the desk's receiver listens, so a payment made next arrives live. */
export async function waitUntilListening(page: Page): Promise<void> {
  await page
    .getByRole('region', { name: 'Live status' })
    .getByText(/listening on port \d+/)
    .waitFor();
}

/** The customer pays `permalink` in another tab; returns when the click was made (ms). */
export async function payInAnotherTab(page: Page, permalink: string): Promise<number> {
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
