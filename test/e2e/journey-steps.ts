// The first steps of a merchant's journey, shared by the journeys against each sandbox profile:
// the first-run sandbox choice, John Doe's link for the sourdough course, and its payment.
import type { Locator, Page } from 'playwright-core';
import type { SandboxProfileName } from '../../preload/contract';
import { goToScreen, goToSettingsSection } from '../support/renderer-pages';

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
  return createCourseLink(page, { email: 'john@doe.com', firstName: 'John', lastName: 'Doe' });
}

/** Creates a link for the Sourdough Baking Course for `customer`; returns its permalink. */
async function createCourseLink(
  page: Page,
  customer: { email: string; firstName: string; lastName: string },
): Promise<string> {
  await page.getByRole('button', { name: 'New link', exact: true }).click();
  await page.getByLabel('Email', { exact: true }).fill(customer.email);
  await page.getByLabel('First name', { exact: true }).fill(customer.firstName);
  await page.getByLabel('Last name', { exact: true }).fill(customer.lastName);
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

// ---------- the delivery step (issue 14) ----------

/** Opens Settings › Fulfilment. */
export async function openFulfilmentSettings(page: Page): Promise<void> {
  await goToScreen(page, 'Settings');
  await goToSettingsSection(page, 'Fulfilment');
}

/** Adds, in Settings › Fulfilment, a rule forwarding every sale to `url`, signed with `secret`. */
export async function addForwardRule(
  page: Page,
  rule: { name: string; url: string; secret: string },
): Promise<void> {
  await openFulfilmentSettings(page);
  await page.getByRole('button', { name: 'Add a rule' }).click();
  const form = page.getByRole('region', { name: /^(New rule|Edit rule)/ });
  await form.getByLabel('Name').fill(rule.name);
  await form.getByLabel('Forward to a URL').check();
  await form.getByLabel('Endpoint URL').fill(rule.url);
  await form.getByLabel('Signing secret').fill(rule.secret);
  await form.getByRole('button', { name: 'Add rule' }).click();
  await form.getByRole('status').getByText('Saved.').waitFor();
  await form.getByRole('button', { name: 'Close' }).click();
  await page
    .getByRole('list', { name: 'Fulfilment rules' })
    .getByRole('heading', { name: rule.name })
    .waitFor();
}

/**
 * With a rule in place, Jane Roe buys the course through a new link; returns her row on the desk
 * once it says Fulfilled, which no one clicked.
 */
export async function sellDeliveredByRule(page: Page): Promise<Locator> {
  const row = await buysTheCourse(page, {
    email: 'jane@roe.com',
    firstName: 'Jane',
    lastName: 'Roe',
  });
  // The pill, exactly: text matching ignores case and takes parts, so 'Fulfilled' alone also
  // found the "Mark fulfilled" button of the row still to deliver.
  await row.getByText('Fulfilled', { exact: true }).waitFor({ timeout: 30_000 });
  return row;
}

/** Opens the sale of `row` and waits until it says which rule fulfilled it and how. */
export async function expectFulfilledByRule(
  page: Page,
  row: Locator,
  rule: { name: string; line: RegExp },
): Promise<Locator> {
  await row.getByRole('button', { name: 'Jane Roe' }).click();
  const detail = page.getByRole('dialog', { name: /from Jane Roe/ });
  await detail.getByText(`Fulfilled by rule`, { exact: false }).waitFor();
  await detail.getByText(rule.name, { exact: false }).first().waitFor();
  await detail.getByRole('list', { name: 'Deliveries' }).getByText(rule.line).waitFor();
  return detail;
}

/**
 * `customer` buys the course through a new link, paid in another tab while the desk listens;
 * returns their row on the desk.
 */
async function buysTheCourse(
  page: Page,
  customer: { email: string; firstName: string; lastName: string },
): Promise<Locator> {
  await goToScreen(page, 'Links');
  const permalink = await createCourseLink(page, customer);
  await goToScreen(page, 'Fulfilments');
  await waitUntilListening(page);
  await payInAnotherTab(page, permalink);
  return page.locator('.sale-row').filter({ hasText: customer.email });
}

/** Saves, in Settings › Fulfilment (open), a mail server without security at `smtp`. */
export async function saveMailServer(
  page: Page,
  smtp: { host: string; port: number },
): Promise<void> {
  const server = page.getByRole('form', { name: 'Mail server' });
  await server.getByLabel('Host').fill(smtp.host);
  await server.getByLabel('Port').fill(String(smtp.port));
  await server.getByLabel('Security').selectOption('none');
  await server.getByLabel('From address').fill('shop@example.com');
  await server.getByRole('button', { name: 'Save mail server' }).click();
  await server.getByRole('status').getByText('Saved.').waitFor();
}

/** Saves the mail server and an email rule that hands out a licence key (none are in the pool). */
export async function addKeyEmailRule(
  page: Page,
  smtp: { host: string; port: number },
): Promise<void> {
  await openFulfilmentSettings(page);
  await saveMailServer(page, smtp);
  await page.getByRole('button', { name: 'Add a rule' }).click();
  const rule = page.getByRole('region', { name: /^(New rule|Edit rule)/ });
  await rule.getByLabel('Name').fill('Key email');
  await rule.getByLabel('Subject').fill('Your {product}');
  await rule.getByLabel('Email', { exact: true }).fill('Hello {firstName}, your key: {licenceKey}');
  await rule.getByLabel(/Use licence keys/).check();
  await rule.getByRole('button', { name: 'Add rule' }).click();
  await rule.getByRole('status').getByText('Saved.').waitFor();
  await rule.getByRole('button', { name: 'Close' }).click();
}

/** Kim Lee buys the course; returns her row on the desk. */
export async function kimPays(page: Page): Promise<Locator> {
  return buysTheCourse(page, { email: 'kim@shop.test', firstName: 'Kim', lastName: 'Lee' });
}
