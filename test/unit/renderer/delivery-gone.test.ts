// A rule or a delivery main no longer has (removed from the command line, its account removed, an
// older backup restored) while the page still shows it. Main's refusal names no list to reload,
// because the screen reads its rows again itself after a failed action: the row goes, and what
// main said stays on the list, which takes the focus the row's button had. In Chromium against
// the delivery double, which refuses in main's own words (ruleNotFound, jobNotFound), so the
// notice is checked whole: what the merchant would read.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { jobNotFound, ruleNotFound } from '../../../main/store';
import { waitForText } from '../../support/browser';
import { expectFocusedInView } from '../../support/focus-checks';
import { goToSettingsSection, useRendererPages } from '../../support/renderer-pages';
import { recordAlerts } from './alerts-added';
import { createDeliveryFake, type DeliveryFake } from './delivery-fake-console';
import { createDeskFake, makeSales } from './desk-fake-console';

const pages = useRendererPages();

const email = { kind: 'email' as const, subject: 'Your ebook', body: 'Hi', downloadUrl: null };

/** Settings › Fulfilment with one rule, 'Ebook email', listed. */
async function fulfilmentWithRule(): Promise<{ p: Page; fake: DeliveryFake }> {
  const fake = createDeliveryFake();
  await fake.dispatch('rules.add', { name: 'Ebook email', action: email });
  const p = await pages.open(fake, { screen: 'Settings', viewport: { width: 1280, height: 800 } });
  await goToSettingsSection(p, 'Fulfilment');
  await ruleRow(p).waitFor();
  return { p, fake };
}

const ruleRow = (p: Page) =>
  p.getByRole('listitem').filter({ has: p.getByRole('heading', { name: 'Ebook email' }) });
const rulesSection = (p: Page) => p.getByRole('region', { name: 'Rules' });

/** The rule leaves main without the page hearing (no 'rules.changed'). */
const removeRulesQuietly = (fake: DeliveryFake) => fake.rules.splice(0, fake.rules.length);

const BUSY = 'The data file is busy.';
const UNREADABLE = 'The deliveries could not be read.';

/**
 * Main refuses each call to a method named in the returned `refusing` with its message, runs
 * `after[name]` once a call to it has answered (before the page hears the answer), and `hold(name)`
 * keeps the next call to it from running until `release()` (`arrived` resolves when it comes).
 */
function steerCalls(fake: DeliveryFake) {
  const refusing = new Map<string, string>();
  const after = new Map<string, () => void>();
  const holds = new Map<string, { arrive(): void; released: Promise<void> }>();
  const inner = fake.dispatch;
  fake.dispatch = async (name, input) => {
    const key = typeof name === 'string' ? name : '';
    const held = holds.get(key);
    if (held !== undefined) {
      holds.delete(key);
      held.arrive();
      await held.released;
    }
    const message = refusing.get(key);
    if (message !== undefined) return { ok: false, error: { code: 'offline', message } };
    const answer = await inner(name, input);
    after.get(key)?.();
    return answer;
  };
  function hold(name: string) {
    let arrive = () => {};
    let release = () => {};
    const arrived = new Promise<void>((resolve) => (arrive = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    holds.set(name, { arrive, released });
    return { arrived, release };
  }
  return { refusing, after, hold };
}

describe('Settings › Fulfilment, acting on a rule main no longer has', () => {
  it("reads the rules again, so the rule's row goes, and keeps main's words in focus", async () => {
    const { p, fake } = await fulfilmentWithRule();
    removeRulesQuietly(fake);

    await ruleRow(p).getByRole('switch', { name: 'On' }).click();
    await ruleRow(p).waitFor({ state: 'detached' });
    const notice = rulesSection(p).getByRole('alert');
    await waitForText(notice, ruleNotFound(1).message);
    expect(await notice.textContent()).toBe(ruleNotFound(1).message);
    await expectFocusedInView(notice);
    await p.getByText('No rules yet', { exact: false }).waitFor();
  });

  it('does the same when Remove finds it already gone', async () => {
    const { p, fake } = await fulfilmentWithRule();
    removeRulesQuietly(fake);

    await ruleRow(p).getByRole('button', { name: 'Remove…' }).click();
    await ruleRow(p).getByRole('button', { name: 'Remove rule' }).click();
    await ruleRow(p).waitFor({ state: 'detached' });
    const notice = rulesSection(p).getByRole('alert');
    await waitForText(notice, ruleNotFound(1).message);
    expect(await notice.textContent()).toBe(ruleNotFound(1).message);
    await expectFocusedInView(notice);
  });
  it("announces main's words once, on the list, not first in the row that goes", async () => {
    const { p, fake } = await fulfilmentWithRule();
    removeRulesQuietly(fake);
    const alerts = await recordAlerts(p);

    await ruleRow(p).getByRole('switch', { name: 'On' }).click();
    const notice = rulesSection(p).getByRole('alert');
    await waitForText(notice, ruleNotFound(1).message);
    await expectFocusedInView(notice);
    expect(await alerts()).toEqual([`SECTION:${ruleNotFound(1).message}`]);
  });
});

describe('Settings › Fulfilment, after a refusal for a rule that is still there', () => {
  it("shows main's words on the rule only, and not again when the rule goes later", async () => {
    const { p, fake } = await fulfilmentWithRule();
    const { refusing, hold } = steerCalls(fake);
    refusing.set('rules.setEnabled', BUSY);
    // Renamed quietly: the new name shows once the page has read the rules again.
    Object.assign(fake.rules[0] ?? {}, { name: 'Ebook email (read again)' });
    const reread = hold('rules.list');

    await ruleRow(p).getByRole('switch', { name: 'On' }).click();
    // While the rules are read again the row keeps it back (had the rule gone, the list would
    // say it, announced once); read again, the row says it and the list does not repeat it.
    await reread.arrived;
    expect(await rulesSection(p).getByRole('alert').count()).toBe(0);
    reread.release();
    await p.getByRole('heading', { name: 'Ebook email (read again)' }).waitFor();
    await waitForText(ruleRow(p).getByRole('alert'), BUSY);
    expect(await rulesSection(p).getByRole('alert').count()).toBe(1);

    refusing.clear();
    await fake.dispatch('rules.remove', { id: 1 });
    await ruleRow(p).waitFor({ state: 'detached' });
    expect(await rulesSection(p).getByRole('alert').count()).toBe(0);
    expect(await p.evaluate(() => document.activeElement?.getAttribute('role') ?? null)).not.toBe(
      'alert',
    );
  });

  it('announces the refusal once when a read after a failed one answers', async () => {
    const { p, fake } = await fulfilmentWithRule();
    const { refusing, after } = steerCalls(fake);
    refusing.set('rules.setEnabled', BUSY);
    refusing.set('rules.list', UNREADABLE);
    const alerts = await recordAlerts(p);
    await ruleRow(p).getByRole('switch', { name: 'On' }).click();
    await waitForText(ruleRow(p).getByRole('alert'), BUSY);

    // Main can be read again, and a change elsewhere makes the list read its rules.
    refusing.delete('rules.list');
    let answered = 0;
    after.set('rules.list', () => (answered += 1));
    fake.emit('rules.changed', {});
    await expect.poll(() => answered).toBeGreaterThan(0);
    await waitForText(ruleRow(p).getByRole('alert'), BUSY);
    expect((await alerts()).filter((a) => a.endsWith(BUSY))).toEqual([`LI:${BUSY}`]);
  });

  it('does not bring the refusal back when a switch that worked is followed by the rule going', async () => {
    const { p, fake } = await fulfilmentWithRule();
    const { refusing, after } = steerCalls(fake);
    // Refused, and the rules cannot be read again: the page cannot tell whether the rule is there.
    refusing.set('rules.setEnabled', BUSY);
    refusing.set('rules.list', BUSY);
    await ruleRow(p).getByRole('switch', { name: 'On' }).click();
    await waitForText(ruleRow(p).getByRole('alert'), BUSY);

    // The next switch works, and the rule leaves main before the page reads the rules again.
    refusing.clear();
    after.set('rules.setEnabled', () => removeRulesQuietly(fake));
    await ruleRow(p).getByRole('switch', { name: 'On' }).click();
    await ruleRow(p).waitFor({ state: 'detached' });
    await p.getByText('No rules yet', { exact: false }).waitFor();
    expect(await rulesSection(p).getByRole('alert').count()).toBe(0);
  });
});

/** Sale 3's detail open on the desk, its one delivery (needing attention) listed. */
async function saleWithDelivery() {
  const fake = createDeliveryFake(createDeskFake({ sales: makeSales(3) }));
  const job = fake.addJob(3, { status: 'needs_attention', attempts: 8, lastError: 'refused' });
  const p = await pages.open(fake, {
    screen: 'Fulfilments',
    viewport: { width: 1280, height: 800 },
  });
  await p.locator('[data-sale-id="3"]').getByRole('button', { name: 'Customer 3' }).click();
  const section = p.getByRole('dialog').getByRole('region', { name: 'Delivery' });
  const row = section.getByRole('listitem');
  await row.waitFor();
  return { p, fake, job, section, row };
}

describe("a sale's deliveries, acting on one main no longer has", () => {
  it("reads the deliveries again, so the row goes, and keeps main's words in focus", async () => {
    const { fake, job, section, row } = await saleWithDelivery();
    fake.jobs.splice(fake.jobs.indexOf(job), 1);

    await row.getByRole('button', { name: 'Retry' }).click();
    await row.waitFor({ state: 'detached' });
    const notice = section.getByRole('alert');
    await waitForText(notice, jobNotFound(job.id).message);
    expect(await notice.textContent()).toBe(jobNotFound(job.id).message);
    await expectFocusedInView(notice);
    // The notice says what happened: not that no rule ever applied to this sale.
    expect(await section.getByText('No fulfilment rule applies', { exact: false }).count()).toBe(0);
  });

  it("announces main's words once, on the section, not first in the row that goes", async () => {
    const { p, fake, job, section, row } = await saleWithDelivery();
    fake.jobs.splice(fake.jobs.indexOf(job), 1);
    const alerts = await recordAlerts(p);

    await row.getByRole('button', { name: 'Retry' }).click();
    const notice = section.getByRole('alert');
    await waitForText(notice, jobNotFound(job.id).message);
    await expectFocusedInView(notice);
    expect(await alerts()).toEqual([`SECTION:${jobNotFound(job.id).message}`]);
  });

  it('keeps a refusal for a delivery still there on its row, said once the deliveries are read again', async () => {
    const { p, fake, section, row } = await saleWithDelivery();
    const { refusing, hold } = steerCalls(fake);
    refusing.set('jobs.retry', BUSY);
    const reread = hold('jobs.list');
    const alerts = await recordAlerts(p);

    await row.getByRole('button', { name: 'Retry' }).click();
    await reread.arrived;
    expect(await section.getByRole('alert').count()).toBe(0);
    reread.release();
    await waitForText(row.getByRole('alert'), BUSY);
    expect(await section.getByRole('alert').count()).toBe(1);
    expect(await alerts()).toEqual([`LI:${BUSY}`]);
  });

  it('still shows the refusal on its row when the deliveries cannot be read again', async () => {
    const { fake, row } = await saleWithDelivery();
    const { refusing } = steerCalls(fake);
    refusing.set('jobs.retry', BUSY);
    refusing.set('jobs.list', UNREADABLE);

    await row.getByRole('button', { name: 'Retry' }).click();
    await waitForText(row.getByRole('alert'), BUSY);
  });

  it('announces the refusal once when a read after a failed one answers', async () => {
    const { p, fake, job, row } = await saleWithDelivery();
    const { refusing, after } = steerCalls(fake);
    refusing.set('jobs.retry', BUSY);
    refusing.set('jobs.list', UNREADABLE);
    const alerts = await recordAlerts(p);
    await row.getByRole('button', { name: 'Retry' }).click();
    await waitForText(row.getByRole('alert'), BUSY);

    // Main can be read again, and a change of the delivery makes the section read them.
    refusing.delete('jobs.list');
    let answered = 0;
    after.set('jobs.list', () => (answered += 1));
    fake.emit('jobs.changed', { saleId: 3, jobId: job.id, status: job.status });
    await expect.poll(() => answered).toBeGreaterThan(0);
    await waitForText(row.getByRole('alert'), BUSY);
    expect((await alerts()).filter((a) => a.endsWith(BUSY))).toEqual([`LI:${BUSY}`]);
  });

  it('moves the focus to the Delivery heading, not <body>, when the focused row leaves by an event', async () => {
    const { p, fake, job, section, row } = await saleWithDelivery();
    await row.getByRole('button', { name: 'Retry' }).focus();
    // Main dropped the delivery (an older backup restored) and tells the window.
    fake.jobs.splice(fake.jobs.indexOf(job), 1);
    fake.emit('jobs.changed', { saleId: 3, jobId: job.id, status: 'done' });
    await row.waitFor({ state: 'detached' });
    await expectFocusedInView(section.getByRole('heading', { name: 'Delivery' }));
    expect(await p.evaluate(() => document.activeElement === document.body)).toBe(false);
  });

  it('does not take the focus again for a later change once it has moved on from the heading', async () => {
    const { p, fake, job, section, row } = await saleWithDelivery();
    await row.getByRole('button', { name: 'Retry' }).focus();
    fake.jobs.splice(fake.jobs.indexOf(job), 1);
    fake.emit('jobs.changed', { saleId: 3, jobId: job.id, status: 'done' });
    await expectFocusedInView(section.getByRole('heading', { name: 'Delivery' }));

    // The focus leaves the heading for <body>; then a new delivery of the sale is listed.
    await p.evaluate(() => {
      const focused = document.activeElement;
      if (focused instanceof HTMLElement) focused.blur();
    });
    const next = fake.addJob(3, { status: 'needs_attention', attempts: 1, lastError: 'refused' });
    fake.emit('jobs.changed', { saleId: 3, jobId: next.id, status: next.status });
    await section.getByRole('listitem').waitFor();
    expect(await p.evaluate(() => document.activeElement?.id ?? null)).not.toBe(
      'sale-deliveries-heading',
    );
  });
});
