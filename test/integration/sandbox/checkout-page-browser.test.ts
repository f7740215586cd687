import { describe, expect, it } from 'vitest';
import { saveScreenshot, useBrowser } from '../../support/browser';
import { call, createSession, productIn, sandbox, sink, URLS, type SessionJson } from './helpers';

// The hosted page in real Chromium: the buttons must work as plain HTML forms
// (no script), and non-ASCII text must render as itself.
describe('sandbox checkout page in Chromium', () => {
  // The sandbox's own page, not the renderer: nothing to build.
  const browser = useBrowser({ renderer: false });

  it('lets a customer pay in yen, then shows the result with a link back to the shop', async () => {
    const sb = await sandbox();
    const receiver = await sink();
    await call(sb, 'POST', 'webhooks', {
      url: receiver.url(),
      events_types: ['checkout.succeeded'],
    });
    const yen = await productIn(sb, 'JPY');
    const s = await createSession(sb, {
      items: [{ product: yen.code, quantity: 2 }],
      customer: { first_name: 'Renée', email: 'renee@example.com' },
    });
    const page = await browser.newPage();
    await page.goto(s.permalink);
    const yenPrice = new Intl.NumberFormat('en', { style: 'currency', currency: 'JPY' });
    await page.getByText(yen.name).waitFor();
    expect(await page.locator('tfoot').innerText()).toContain(
      yenPrice.format(Number(yen.unit_cost) * 2),
    );
    expect(await page.getByLabel('First name').inputValue()).toBe('Renée');
    await saveScreenshot(page, 'sandbox-checkout-page');
    await page.getByRole('button', { name: 'Pay' }).click();
    await page.getByRole('heading', { name: 'Payment complete' }).waitFor();
    expect(
      await page.getByRole('link', { name: 'Return to the merchant' }).getAttribute('href'),
    ).toBe(URLS.success_url);
    const [delivery] = await receiver.waitFor(1);
    expect(delivery?.body).toContain('"checkout.succeeded"');
    expect((await call(sb, 'GET', `checkout/sessions/${s.id}`)).body).toMatchObject({
      status: 'completed',
    });
    browser.assertNoProblems();
  });

  it('abandons from the page, and the same link can still be paid afterwards', async () => {
    const sb = await sandbox();
    const eur = await productIn(sb, 'EUR');
    const s = (
      await call(sb, 'POST', 'checkout/sessions', { items: [{ product: eur.code }], ...URLS })
    ).body as SessionJson;
    const page = await browser.newPage();
    await page.goto(s.permalink);
    await page.getByRole('button', { name: 'Abandon' }).click();
    await page.getByRole('heading', { name: 'Checkout abandoned' }).waitFor();
    expect((await call(sb, 'GET', `checkout/sessions/${s.id}`)).body).toMatchObject({
      status: 'abandoned',
    });
    await page.goto(s.permalink);
    expect(await page.getByRole('button', { name: 'Pay' }).isVisible()).toBe(true);
    browser.assertNoProblems();
  });
});
