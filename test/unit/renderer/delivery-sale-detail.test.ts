// Issue 14 in the sale detail, in Chromium against the delivery double: the sale's deliveries in
// the merchant's words, updated by 'jobs.changed' alone (no polling), Retry and Mark done with the
// focus kept on a sensible control, and the licence keys the sale took with a copy button.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seriousViolations } from '../../support/axe-scan';
import { saveScreenshot, waitForText } from '../../support/browser';
import { expectFocusedInView } from '../../support/focus-checks';
import { useRendererPages } from '../../support/renderer-pages';
import { createDeliveryFake, type DeliveryFake } from './delivery-fake-console';
import { createDeskFake, makeSales } from './desk-fake-console';

const pages = useRendererPages();

async function openSale(fake: DeliveryFake, id: number): Promise<Page> {
  const p = await pages.open(fake, {
    screen: 'Fulfilments',
    viewport: { width: 1280, height: 800 },
    clipboard: true,
  });
  await p
    .locator(`[data-sale-id="${id}"]`)
    .getByRole('button', { name: `Customer ${id}` })
    .click();
  return p;
}

const deliveries = (p: Page) => p.getByRole('dialog').getByRole('list', { name: 'Deliveries' });

describe('a sale’s deliveries in its detail', () => {
  it('reads as sent, trying again with the reason, or needing attention', async () => {
    const fake = createDeliveryFake(createDeskFake({ sales: makeSales(3) }));
    fake.addJob(3, {
      status: 'done',
      doneBy: 'rule',
      doneAt: new Date().toISOString(),
      attempts: 1,
    });
    fake.addJob(3, {
      kind: 'forward',
      ruleName: 'Shop backend',
      attempts: 1,
      nextTryAt: new Date(Date.now() + 180_000).toISOString(),
      lastError: 'the endpoint answered 500',
    });
    fake.addJob(3, {
      kind: 'forward',
      ruleName: 'Zapier',
      status: 'needs_attention',
      attempts: 8,
      lastError: 'the endpoint did not answer within 30 s',
    });
    const p = await openSale(fake, 3);
    const list = deliveries(p);
    await waitForText(list, /Email to the customer: sent \d/);
    await waitForText(list, /trying again at .+ \(attempt 2 of 8\) — the endpoint answered 500/);
    await waitForText(
      list,
      'Needs attention: Forward to your endpoint: stopped after 8 tries — the endpoint did not answer within 30 s',
    );
    const text = (await list.textContent()) ?? '';
    for (const word of ['job', 'outbox', 'idempotency'])
      expect(text.toLowerCase()).not.toContain(word);
    expect(await seriousViolations(p, 'sale detail with deliveries')).toEqual([]);
    await saveScreenshot(p, 'delivery-sale-detail-1280x800');
  });

  it('changes when main says a delivery changed, without being asked again otherwise', async () => {
    const fake = createDeliveryFake(createDeskFake({ sales: makeSales(3) }));
    const job = fake.addJob(3);
    const p = await openSale(fake, 3);
    await waitForText(deliveries(p), 'Email to the customer: on its way');
    const reads = () => fake.calls.filter((c) => c.name === 'jobs.list').length;
    const before = reads();

    Object.assign(job, { status: 'done', doneBy: 'rule', doneAt: new Date().toISOString() });
    fake.emit('jobs.changed', { saleId: 3, jobId: job.id, status: 'done' });
    await waitForText(deliveries(p), /Email to the customer: sent/);
    expect(reads()).toBe(before + 1);
    // Another sale's change is not this dialog's business.
    fake.emit('jobs.changed', { saleId: 1, jobId: 99, status: 'done' });
    fake.emit('rules.changed', {});
    await p
      .getByRole('dialog')
      .getByText('Email to the customer: sent', { exact: false })
      .waitFor();
    expect(reads()).toBe(before + 1);
  });

  it('retries or marks done a delivery that needs attention, keeping the focus in place', async () => {
    const fake = createDeliveryFake(createDeskFake({ sales: makeSales(3) }));
    const stuck = {
      status: 'needs_attention',
      attempts: 8,
      lastError: 'the mail server refused the login',
    } as const;
    const first = fake.addJob(3, stuck);
    const p = await openSale(fake, 3);
    const row = deliveries(p).getByRole('listitem');
    await row.getByRole('button', { name: 'Retry' }).click();
    await waitForText(row, 'Email to the customer: on its way');
    expect(first.status).toBe('pending');
    // Stuck again, the merchant delivers by hand: with no button left, the line keeps the focus.
    Object.assign(first, { ...stuck, status: 'needs_attention' });
    fake.emit('jobs.changed', { saleId: 3, jobId: first.id, status: 'needs_attention' });
    await waitForText(row, /^Needs attention/);
    await row.getByRole('button', { name: 'Mark done' }).click();
    await waitForText(row, /Email to the customer: marked done by you/);
    expect(first).toMatchObject({ status: 'done', doneBy: 'merchant' });
    await expectFocusedInView(row.locator('.delivery-line'));
    expect(await row.getByRole('button').count()).toBe(0);
  });

  it('says a delivery is held while its sale is marked fulfilled, and goes on after Undo', async () => {
    const fake = createDeliveryFake(createDeskFake({ sales: makeSales(3) }));
    fake.addJob(3, {
      attempts: 1,
      nextTryAt: new Date(Date.now() + 180_000).toISOString(),
      lastError: 'the mail server is down',
    });
    const p = await openSale(fake, 3);
    const dialog = p.getByRole('dialog');
    const row = deliveries(p).getByRole('listitem');
    await row.getByRole('button', { name: 'Retry' }).waitFor();
    await dialog.getByRole('button', { name: 'Mark fulfilled' }).click();
    await waitForText(
      row,
      'Email to the customer: held, as the sale is marked fulfilled (Undo to deliver it)',
    );
    expect(await row.getByRole('button', { name: 'Retry' }).count()).toBe(0);
    await row.getByRole('button', { name: 'Mark done' }).waitFor();
    await dialog.getByRole('button', { name: /^Undo/ }).click();
    await waitForText(row, /Email to the customer: trying again at .+ \(attempt 2 of 8\)/);
    await row.getByRole('button', { name: 'Retry' }).waitFor();
  });

  it('lists the licence keys the sale took, each with a copy button', async () => {
    const fake = createDeliveryFake(createDeskFake({ sales: makeSales(3) }));
    fake.addJob(3, { status: 'done', doneBy: 'rule', doneAt: new Date().toISOString() });
    fake.keys.push({ productCode: 'P3', key: 'AAAA-BBBB-CCCC', saleId: 3 });
    fake.keys.push({ productCode: 'P3', key: 'NOT-THIS-ONE', saleId: null });
    const p = await openSale(fake, 3);
    const keys = p.getByRole('dialog').getByRole('list', { name: 'Licence keys' });
    await waitForText(keys, 'AAAA-BBBB-CCCC');
    expect(await keys.textContent()).not.toContain('NOT-THIS-ONE');
    await keys.getByRole('button', { name: 'Copy key: AAAA-BBBB-CCCC' }).click();
    await keys.getByRole('status').getByText('Copied').waitFor();
    expect(await p.evaluate(() => navigator.clipboard.readText())).toBe('AAAA-BBBB-CCCC');
  });

  it('names each key by its product as the merchant knows it, by its code when unnamed', async () => {
    const fake = createDeliveryFake(createDeskFake({ sales: makeSales(3) }));
    fake.addJob(3, { status: 'done', doneBy: 'rule', doneAt: new Date().toISOString() });
    fake.keys.push({
      productCode: 'prod_7',
      key: 'KEY-NAMED',
      saleId: 3,
      productName: 'Ebook Pro',
    });
    fake.keys.push({ productCode: 'prod_9', key: 'KEY-UNNAMED', saleId: 3 });
    const p = await openSale(fake, 3);
    const keys = p.getByRole('dialog').getByRole('list', { name: 'Licence keys' });
    await waitForText(keys, 'KEY-UNNAMED');
    const items = await keys.getByRole('listitem').allTextContents();
    expect(items[0]).toContain('Ebook Pro');
    expect(items[0]).not.toContain('prod_7');
    expect(items[1]).toContain('prod_9');
  });

  it('says when no rule applies, so the merchant knows to deliver by hand', async () => {
    const fake = createDeliveryFake(createDeskFake({ sales: makeSales(3) }));
    const p = await openSale(fake, 3);
    await p.getByRole('dialog').getByText('No fulfilment rule applies to this sale').waitFor();
  });
});
