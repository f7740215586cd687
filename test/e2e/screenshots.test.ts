// The screens a merchant lives in, photographed at the three window sizes issue 17 names
// (1280×800, 900×700, 800×600) with a ledger that looks like a shop's: quantities, a business
// contact, a failed payment, a fulfilled sale. The PNGs land in test-artifacts/ for a person
// to look at; the test only checks each screen has its content before the picture is taken.
import type { Page } from 'playwright-core';
import { beforeAll, describe, it } from 'vitest';
import type { LinkResult, Product } from '../../preload/contract';
import { startApp, type RunningApp } from '../support/app-harness';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ARTIFACTS_DIR, useBrowser, waitForText, type Viewport } from '../support/browser';
import { goToScreen } from '../support/renderer-pages';

const browser = useBrowser();

const SIZES: Viewport[] = [
  { width: 1280, height: 800 },
  { width: 900, height: 700 },
  { width: 800, height: 600 },
];

let app: RunningApp;

/** Moves a sandbox session as its buyer would (the sandbox's own control endpoint). */
async function buyerDoes(link: LinkResult, move: 'complete' | 'fail'): Promise<void> {
  const origin = new URL(link.link.permalink).origin;
  const res = await fetch(`${origin}/__sandbox/checkout/sessions/${link.link.id}/${move}`, {
    method: 'POST',
  });
  if (!res.ok) throw new Error(`the sandbox refused ${move}: ${res.status}`);
}

async function seedLedger(a: RunningApp): Promise<void> {
  const products: Product[] = await a.console.invoke('products.sync', {});
  const named = (name: string): Product => {
    const found = products.find((p) => p.name === name);
    if (!found) throw new Error(`the sandbox sells no ${name}`);
    return found;
  };
  const make = (customer: Record<string, string>, items: Array<[Product, number]>) =>
    a.console.invoke('links.create', {
      customer: { email: String(customer.email), ...customer },
      items: items.map(([p, quantity]) => ({ product: p.code, quantity })),
    });
  const ann = await make({ email: 'ann.lee@example.com', firstName: 'Ann', lastName: 'Lee' }, [
    [named('Consulting Hour'), 3],
  ]);
  const jane = await make(
    { email: 'jane@acme.example', firstName: 'Jane', lastName: 'Doe', company: 'Acme Ltd' },
    [
      [named('Sourdough Baking Course'), 2],
      [named('Café Guide (ebook)'), 1],
    ],
  );
  const kenji = await make({ email: 'kenji@example.jp', firstName: 'Kenji', lastName: 'Sato' }, [
    [named('Washi Sticker Set'), 1],
  ]);
  await make({ email: 'omar@example.com', firstName: 'Omar', lastName: 'Haddad' }, [
    [named('Tea Sampler'), 1],
  ]);
  await buyerDoes(ann, 'complete');
  await buyerDoes(jane, 'complete');
  await buyerDoes(kenji, 'fail');
  await a.console.invoke('sync.run', {});
  const sales = await a.console.invoke('fulfillments.list', { limit: 10 });
  const annSale = sales.items.find((s) => s.customerEmail === 'ann.lee@example.com');
  if (annSale) await a.console.invoke('fulfillments.markFulfilled', { id: annSale.id });
}

// The window as the merchant sees it, not a full-page capture: the screens scroll inside their
// frame, and a full-page picture stretched the frame's background below the window.
async function shoot(p: Page, name: string): Promise<void> {
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  for (const size of SIZES) {
    await p.setViewportSize(size);
    // The layout changes below 1000 px: wait until the new one is drawn before the picture.
    await p.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
    await p.screenshot({
      path: join(ARTIFACTS_DIR, `screens-${name}-${size.width}x${size.height}.png`),
    });
  }
}

beforeAll(async () => {
  app = await startApp(browser, { sandbox: true, page: false });
  await seedLedger(app);
}, 120_000);

describe('screenshots of the desk, the link form and Activity', () => {
  it('at 1280×800, 900×700 and 800×600', async () => {
    const p = await app.openPage({ viewport: SIZES[0] });
    await p.getByRole('heading', { level: 1, name: 'Links' }).waitFor();

    await goToScreen(p, 'Fulfilments');
    await waitForText(p.locator('.sale-row'), 'Jane Doe (Acme Ltd)');
    await waitForText(p.locator('.sale-row'), 'Ann Lee');
    await shoot(p, 'desk');

    await goToScreen(p, 'Links');
    await waitForText(p.getByRole('list', { name: 'Links' }), 'kenji@example.jp');
    await p.getByRole('button', { name: 'New link', exact: true }).click();
    await p.getByLabel('Email', { exact: true }).fill('mia@wong-studio.example');
    await p.getByLabel('First name', { exact: true }).fill('Mia');
    await p.getByLabel('Last name', { exact: true }).fill('Wong');
    await p.getByLabel('Company (optional)').fill('Wong Studio');
    await p.getByRole('combobox', { name: 'Product' }).fill('consult');
    await p.getByRole('option', { name: /Consulting Hour/ }).click();
    await p.getByLabel('Quantity', { exact: true }).fill('2');
    await p.getByLabel('Email', { exact: true }).focus();
    await shoot(p, 'link-form');
    await p.getByRole('button', { name: 'Discard', exact: true }).click();

    await goToScreen(p, 'Activity');
    await waitForText(p.getByRole('main'), 'Jane Doe (Acme Ltd)');
    await shoot(p, 'activity');
  });
});
