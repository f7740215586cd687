// Issue 17, bug 4 in Chromium against console doubles: a button replaced by its action (Mark
// fulfilled, Undo, Cancel link) hands the focus on to what replaced it, so a keyboard or
// screen-reader merchant never lands on <body>.
import type { Locator, Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { expectFocusedInView } from '../../support/focus-checks';
import type { BridgedConsole } from '../../support/http-bridge';
import { useRendererPages } from '../../support/renderer-pages';
import { createDeskFake, makeSales } from './desk-fake-console';
import { createLinksFake, type LinksFake } from './links-fake-console';

const pages = useRendererPages();
const SMALL = { width: 900, height: 700 };
let fake: LinksFake;

beforeEach(() => {
  fake = createLinksFake();
});

async function openLinks(console: BridgedConsole = fake): Promise<Page> {
  const page = await pages.open(console, { viewport: SMALL });
  await page.getByRole('heading', { level: 1, name: 'Links' }).waitFor();
  await fake.dispatch('links.create', {
    customer: { email: 'jane@example.com', firstName: 'Jane', lastName: 'Doe' },
    items: [{ product: 'prod_guide', quantity: 1 }],
  });
  return page;
}

/** Jane's row with its confirm box open. */
async function confirmingCancel(p: Page): Promise<Locator> {
  const row = p.getByRole('listitem').filter({ hasText: 'Jane Doe' });
  await row.getByRole('button', { name: /^Cancel…/ }).click();
  return row;
}

const focusedText = (p: Page) => p.evaluate(() => document.activeElement?.textContent ?? '');

describe('a button replaced by its action', () => {
  it('hands the focus from Mark fulfilled to Undo and back on the sale row', async () => {
    const desk = createDeskFake({ sales: makeSales(3) });
    const p = await pages.open(desk, { screen: 'Fulfilments', viewport: SMALL });
    const row = p.locator('[data-sale-id="3"]');
    await row.getByRole('button', { name: 'Mark fulfilled' }).click();
    await row.getByText('Fulfilled', { exact: true }).waitFor();
    const undo = row.getByRole('button', { name: 'Undo' });
    await expectFocusedInView(undo);

    await p.keyboard.press('Enter');
    await row.getByText('To deliver', { exact: true }).waitFor();
    await expectFocusedInView(row.getByRole('button', { name: 'Mark fulfilled' }));
    expect(desk.sales.find((s) => s.id === 3)?.status).toBe('new');
  });

  it('keeps the focus in the link row after Cancel link, and on Cancel… after Keep it', async () => {
    const p = await openLinks();
    const row = await confirmingCancel(p);
    await row.getByRole('button', { name: 'Keep it' }).click();
    await expectFocusedInView(row.getByRole('button', { name: /^Cancel…/ }));

    await p.keyboard.press('Enter');
    await row.getByRole('button', { name: 'Cancel link' }).click();
    await row.getByText('Cancelled').waitFor();
    await expectFocusedInView(row);
    expect(await focusedText(p)).toContain('Cancelled');
  });

  it('keeps the focus in the link row, with its alert, when Quaderno refuses the cancel', async () => {
    const refusing: BridgedConsole = {
      onAny: fake.onAny,
      dispatch: (name, input) =>
        name === 'links.cancel'
          ? Promise.resolve({
              ok: false,
              error: { code: 'offline', message: 'Quaderno cannot be reached.' },
            })
          : fake.dispatch(name, input),
    };
    const p = await openLinks(refusing);
    const row = await confirmingCancel(p);
    await row.getByRole('button', { name: 'Cancel link' }).click();
    await row.getByRole('alert').filter({ hasText: 'Quaderno cannot be reached.' }).waitFor();
    await expectFocusedInView(row);
    expect(fake.links[0]?.status).toBe('pending');
  });
});
