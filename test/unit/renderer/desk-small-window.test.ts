// The desk in a small window (issue 17, "Sales list first below 1000 px wide" and "Status
// strip"): one sentence in the strip that never takes two lines, a sale row in view without
// scrolling, whole email addresses, and a sidebar the merchant can fold away.
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Account, Envelope } from '../../../preload/contract';
import { seriousViolations } from '../../support/axe-scan';
import { saveScreenshot } from '../../support/browser';
import type { BridgedConsole } from '../../support/http-bridge';
import { goToScreen, useRendererPages } from '../../support/renderer-pages';
import { createDeskFake, makeSale, makeSales, type DeskFake } from './desk-fake-console';
import { sampleAccount } from './fake-console';

const pages = useRendererPages();

const LONG_EMAIL = 'samantha.whitfield-longbottom@sourdough-bakery-example.com';

/** Thirty sales, the newest from a customer whose address is long. */
function deskWithSales(): DeskFake {
  const sales = makeSales(30);
  const newest = sales.at(-1);
  if (newest) {
    sales[sales.length - 1] = makeSale(newest.id, Date.parse(newest.receivedAt), {
      customerEmail: LONG_EMAIL,
      customerName: 'Samantha Whitfield',
    });
  }
  return createDeskFake({ sales });
}

/** The strip's box and the height of one line of its text, in CSS pixels. */
async function stripLines(strip: Locator): Promise<{ height: number; oneLine: number }> {
  return strip.evaluate((el) => {
    const style = getComputedStyle(el);
    const padding = parseFloat(style.paddingTop) + parseFloat(style.paddingBottom);
    // One line is the taller of a line of text and the strip's own controls.
    const tallest = [...el.children].reduce(
      (h, child) => Math.max(h, child.getBoundingClientRect().height),
      parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.2,
    );
    const text = el.querySelector('.strip-sentence');
    const textStyle = text ? getComputedStyle(text) : style;
    const textLine = parseFloat(textStyle.lineHeight) || parseFloat(textStyle.fontSize) * 1.2;
    const textHeight = text ? text.getBoundingClientRect().height : Infinity;
    return {
      height: el.getBoundingClientRect().height - padding,
      oneLine: textHeight <= textLine + 1 ? tallest : -1,
    };
  });
}

async function expectOneLine(strip: Locator): Promise<void> {
  const { height, oneLine } = await stripLines(strip);
  expect(oneLine, 'the sentence takes one line').toBeGreaterThan(0);
  expect(height).toBeLessThanOrEqual(oneLine + 1);
}

describe('the status strip in a 900 px window', () => {
  it('says in one line whether sales arrive, on every screen', async () => {
    const fake = deskWithSales();
    const p = await pages.open(fake, { viewport: { width: 900, height: 700 } });
    const strip = p.getByRole('region', { name: 'Live status' });
    await strip.getByText(/Receiving sales live · last sale just now/).waitFor();
    for (const screen of ['Links', 'Fulfilments', 'Activity', 'Settings']) {
      await goToScreen(p, screen);
      await expectOneLine(strip);
    }
    // The details the strip leaves out are in Settings › Webhooks and tunnel, one click away
    // from any screen, including Settings open at another section.
    await p.getByRole('button', { name: 'Accounts' }).click();
    await strip.getByRole('button', { name: 'Receiving details' }).click();
    await p
      .getByRole('region', { name: 'Receiving now' })
      .getByText('listening on port 43117')
      .waitFor();
    expect(await seriousViolations(p, 'Settings › Webhooks and tunnel')).toEqual([]);
    await saveScreenshot(p, 'settings-live-details-900x700');
  });

  it('opens Settings › Webhooks and tunnel from Details on another screen', async () => {
    const fake = deskWithSales();
    const p = await pages.open(fake, { screen: 'Activity' });
    const strip = p.getByRole('region', { name: 'Live status' });
    await strip.getByRole('button', { name: 'Receiving details' }).click();
    await p.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    await p.getByRole('region', { name: 'Receiving now' }).getByText('Public URL').waitFor();
  });

  it('stays one line when the tunnel is down and Quaderno cannot be reached', async () => {
    const fake = deskWithSales();
    const p = await pages.open(fake, {
      screen: 'Fulfilments',
      viewport: { width: 900, height: 700 },
    });
    const strip = p.getByRole('region', { name: 'Live status' });
    fake.emit('receiver.status', {
      ...fake.status,
      tunnel: {
        state: 'reconnecting',
        publicUrl: null,
        error: 'connection refused by the tunnel server at localtunnel.me:443 after 3 tries',
      },
      webhook: { state: 'error', id: null, url: null, error: 'Quaderno refused the URL.' },
    });
    await strip.getByText('Not receiving: the tunnel is down, retrying').waitFor();
    await expectOneLine(strip);
    fake.emit('connectivity.changed', { online: false, reason: 'Quaderno cannot be reached.' });
    await strip.getByText('Not receiving: Quaderno cannot be reached').waitFor();
    await expectOneLine(strip);
  });

  it('names the sandbox when the sales are the sandbox’s', async () => {
    const fake = deskWithSales();
    fake.status = { ...fake.status, tunnel: { state: 'off', publicUrl: null, error: null } };
    const sandbox: Account = { ...sampleAccount, name: 'Sandbox', kind: 'sandbox' };
    const inSandbox: BridgedConsole = {
      onAny: (listener) => fake.onAny(listener),
      async dispatch(name, input): Promise<Envelope<unknown>> {
        if (name === 'accounts.list') return { ok: true, value: [sandbox] };
        return fake.dispatch(name, input);
      },
    };
    const p = await pages.open(inSandbox, { viewport: { width: 900, height: 700 } });
    const strip = p.getByRole('region', { name: 'Live status' });
    // The sandbox needs no tunnel: still receiving, said without the tunnel's words.
    await strip.getByText(/Receiving sandbox sales live · last sale just now/).waitFor();
    expect(await strip.textContent()).not.toMatch(/tunnel|port/i);
    await expectOneLine(strip);
  });
});

/** The first sale row's box, and whether the page had to scroll to show it. */
async function firstRowInView(p: Page): Promise<boolean> {
  const row = p.locator('.sale-slot [role="row"]').first();
  await row.waitFor();
  const box = await row.boundingBox();
  const viewport = p.viewportSize();
  const scrolled = await p.evaluate(
    () => (document.querySelector('.content')?.scrollTop ?? 0) + window.scrollY,
  );
  if (!box || !viewport) return false;
  return scrolled === 0 && box.y >= 0 && box.y + box.height <= viewport.height;
}

/** True when the customer's email in the newest row is drawn whole (not cut to "sam…"). */
async function emailWhole(p: Page): Promise<boolean> {
  const row = p.locator('.sale-slot [role="row"]').filter({ hasText: 'Samantha Whitfield' });
  await row.waitFor();
  return row.evaluate((el, email) => {
    const shown = [...el.querySelectorAll<HTMLElement>('*')].find(
      (n) => n.children.length === 0 && n.textContent === email,
    );
    if (!shown) return false;
    const box = shown.getBoundingClientRect();
    const cell = (shown.closest('[role="cell"]') ?? el).getBoundingClientRect();
    return shown.scrollWidth <= shown.clientWidth + 1 && box.right <= cell.right + 1;
  }, LONG_EMAIL);
}

describe('the sales list in a small window', () => {
  for (const viewport of [
    { width: 900, height: 700 },
    { width: 800, height: 600 },
  ]) {
    const size = `${viewport.width}x${viewport.height}`;
    it(`shows a sale row without scrolling, its email whole, at ${size}`, async () => {
      const fake = deskWithSales();
      const p = await pages.open(fake, { screen: 'Fulfilments', viewport });
      await p.getByText('30 sales').waitFor();
      expect(await firstRowInView(p)).toBe(true);
      expect(await emailWhole(p)).toBe(true);
      expect(await seriousViolations(p, `Fulfilments at ${size}`)).toEqual([]);
      await saveScreenshot(p, `desk-small-${size}`);
    });
  }

  it('folds the totals and chart into one line, opened on request', async () => {
    const fake = deskWithSales();
    const p = await pages.open(fake, {
      screen: 'Fulfilments',
      viewport: { width: 900, height: 700 },
    });
    const toggle = p.getByRole('button', { name: 'Show totals' });
    await toggle.waitFor();
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await p.getByRole('group', { name: 'Last 7 days' }).count()).toBe(0);
    await toggle.click();
    await p.getByRole('group', { name: 'Last 7 days' }).waitFor();
    await p.getByRole('img', { name: /Revenue per day/ }).waitFor();
    expect(await seriousViolations(p, 'totals unfolded')).toEqual([]);
    await saveScreenshot(p, 'desk-small-totals-open-900x700');
  });

  it('shows the totals and chart at once on a wide window', async () => {
    const fake = deskWithSales();
    const p = await pages.open(fake, { screen: 'Fulfilments' });
    await p.getByRole('group', { name: 'Last 7 days' }).waitFor();
    await p.getByRole('img', { name: /Revenue per day/ }).waitFor();
    expect(await firstRowInView(p)).toBe(true);
    await saveScreenshot(p, 'desk-small-1280x800');
  });
});

describe('the sidebar', () => {
  it('collapses on request and stays collapsed after a reload', async () => {
    const fake = deskWithSales();
    const p = await pages.open(fake, {
      screen: 'Fulfilments',
      viewport: { width: 800, height: 600 },
    });
    const nav = p.getByRole('navigation', { name: 'Main' });
    const before = (await p.locator('.content').boundingBox())?.width ?? 0;
    await p.getByRole('button', { name: 'Hide the sidebar' }).click();
    await expect
      .poll(async () => (await p.locator('.content').boundingBox())?.width ?? 0)
      .toBeGreaterThan(before + 100);
    // Folded, the screens are still one click away.
    await nav.getByRole('button', { name: /^Links/ }).click();
    await p.getByRole('heading', { level: 1, name: 'Links' }).waitFor();
    expect(await seriousViolations(p, 'sidebar folded')).toEqual([]);
    await saveScreenshot(p, 'desk-sidebar-folded-800x600');
    await p.reload();
    await p.getByRole('button', { name: 'Show the sidebar' }).waitFor();
    await p.getByRole('button', { name: 'Show the sidebar' }).click();
    await p.getByRole('button', { name: 'Hide the sidebar' }).waitFor();
  });
});
