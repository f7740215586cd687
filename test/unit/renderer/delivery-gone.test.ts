// A rule or a delivery main no longer has (removed from the command line, its account removed, an
// older backup restored) while the page still shows it. Main's refusal names no list to reload,
// because the screen reads its rows again itself after a failed action: the row goes, and what
// main said stays on the list, which takes the focus the row's button had. In Chromium against
// the delivery double (its refusals open as main's do: "Rule N is not in …").
import type { Page } from 'playwright-core';
import { describe, it } from 'vitest';
import { waitForText } from '../../support/browser';
import { expectFocusedInView } from '../../support/focus-checks';
import { useRendererPages } from '../../support/renderer-pages';
import { createDeliveryFake, type DeliveryFake } from './delivery-fake-console';
import { createDeskFake, makeSales } from './desk-fake-console';

const pages = useRendererPages();

const email = { kind: 'email' as const, subject: 'Your ebook', body: 'Hi', downloadUrl: null };

/** Settings › Fulfilment with one rule, 'Ebook email', listed. */
async function fulfilmentWithRule(): Promise<{ p: Page; fake: DeliveryFake }> {
  const fake = createDeliveryFake();
  await fake.dispatch('rules.add', { name: 'Ebook email', action: email });
  const p = await pages.open(fake, { screen: 'Settings', viewport: { width: 1280, height: 800 } });
  await p
    .getByRole('navigation', { name: 'Settings sections' })
    .getByRole('button', { name: 'Fulfilment' })
    .click();
  await ruleRow(p).waitFor();
  return { p, fake };
}

const ruleRow = (p: Page) =>
  p.getByRole('listitem').filter({ has: p.getByRole('heading', { name: 'Ebook email' }) });
const rulesSection = (p: Page) => p.getByRole('region', { name: 'Rules' });

/** The rule leaves main without the page hearing (no 'rules.changed'). */
const removeRulesQuietly = (fake: DeliveryFake) => fake.rules.splice(0, fake.rules.length);

describe('Settings › Fulfilment, acting on a rule main no longer has', () => {
  it("reads the rules again, so the rule's row goes, and keeps main's words in focus", async () => {
    const { p, fake } = await fulfilmentWithRule();
    removeRulesQuietly(fake);

    await ruleRow(p).getByRole('switch', { name: 'On' }).click();
    await ruleRow(p).waitFor({ state: 'detached' });
    const notice = rulesSection(p).getByRole('alert');
    await waitForText(notice, /^Rule 1 is not in /);
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
    await waitForText(notice, /^Rule 1 is not in /);
    await expectFocusedInView(notice);
  });
});

describe("a sale's deliveries, acting on one main no longer has", () => {
  it("reads the deliveries again, so the row goes, and keeps main's words in focus", async () => {
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
    fake.jobs.splice(fake.jobs.indexOf(job), 1);

    await row.getByRole('button', { name: 'Retry' }).click();
    await row.waitFor({ state: 'detached' });
    const notice = section.getByRole('alert');
    await waitForText(notice, new RegExp(`^Delivery (job )?${job.id} is not in `));
    await expectFocusedInView(notice);
    await waitForText(section, 'No fulfilment rule applies to this sale');
  });
});
