// The journey's main case against the sandbox imitating the real Quaderno as observed
// (main/sandbox/README.md, "Profiles"): onboarding picks "as observed", a link is made from a
// catalogue that names no currency, the customer pays, and the sale arrives live with the tax
// Quaderno added on top of the price (21% on a €49.00 course: €59.29).
import { describe, it } from 'vitest';
import { startApp } from '../support/app-harness';
import { useBrowser, waitForText } from '../support/browser';
import { sellJohnsCourse } from './journey-steps';

const browser = useBrowser();

describe('a first sale against the observed sandbox', () => {
  it('goes from onboarding to a paid sale shown live, tax included', async () => {
    const { page } = await startApp(browser, { viewport: { width: 1280, height: 800 } });

    const { row } = await sellJohnsCourse(page, 'observed');
    await waitForText(row, 'Sourdough Baking Course');
    await waitForText(row, '59.29');
  });
});
