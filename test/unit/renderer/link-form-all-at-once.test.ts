// Review R12, in Chromium against the links console double: the link form shows every field's
// problem at once (MEDIUM 5), keeps a typed country whole to say what is wrong with it
// (MEDIUM 6), and a failed, abandoned or cancelled link offers "New link like this" (MEDIUM 9).
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import type { SessionStatus } from '../../../preload/contract';
import { fieldErrors } from '../../support/app-harness';
import { useRendererPages } from '../../support/renderer-pages';
import {
  createLinksFake,
  openLinksScreen,
  pickProduct,
  type LinksFake,
} from './links-fake-console';

const pages = useRendererPages();
let fake: LinksFake;

beforeEach(() => {
  fake = createLinksFake();
});

const field = (p: Page, label: string) => p.getByLabel(label, { exact: true });
const rows = (p: Page) => p.getByRole('list', { name: 'Links' }).getByRole('listitem');
const creates = () => fake.calls.filter((c) => c.name === 'links.create');
const focused = (p: Page, label: string) =>
  field(p, label).evaluate((el) => el === document.activeElement);

describe('the link form with several mistakes', () => {
  it('names each one at once, focuses the first, and asks main nothing', async () => {
    const p = await openLinksScreen(pages, fake);
    await p.getByRole('button', { name: 'New link', exact: true }).click();
    await field(p, 'Email').fill('maria');
    await field(p, 'Billing country (optional)').fill('Spain');
    await pickProduct(p, 'Product');
    await field(p, 'Quantity').fill('0');
    await field(p, 'Price (optional)').fill('abc');
    await p.getByRole('button', { name: 'Create link' }).click();

    await expect
      .poll(async () => [
        await fieldErrors(field(p, 'Email')),
        await fieldErrors(field(p, 'Billing country (optional)')),
        await fieldErrors(field(p, 'Quantity')),
        await fieldErrors(field(p, 'Price (optional)')),
      ])
      .toEqual([
        ['Enter a valid email address, like jane@example.com.'],
        ['Use the two-letter country code: Spain is ES.'],
        ['Quantity must be a whole number of 1 or more.'],
        ['Enter a price like 12.50.'],
      ]);
    expect(await field(p, 'Billing country (optional)').inputValue()).toBe('Spain');
    await expect.poll(() => focused(p, 'Email')).toBe(true);
    expect(creates()).toEqual([]);

    // Fixed, all of them: one call, no second round of errors.
    await field(p, 'Email').fill('maria@example.com');
    await field(p, 'Billing country (optional)').fill('ES');
    await field(p, 'Quantity').fill('2');
    await field(p, 'Price (optional)').fill('45');
    await p.getByRole('button', { name: 'Create link' }).click();
    await p.getByRole('heading', { name: 'Link ready' }).waitFor();
    expect(creates()).toHaveLength(1);
  });
});

describe('New link like this', () => {
  it('is offered on failed, abandoned and cancelled links, and opens the form filled in', async () => {
    const p = await openLinksScreen(pages, fake);
    const statuses: SessionStatus[] = ['pending', 'abandoned', 'completed', 'failed', 'deleted'];
    for (const [i, status] of statuses.entries()) {
      await fake.dispatch('links.create', {
        customer: { email: `c${i}@example.com`, firstName: 'Ana', billingCountry: 'ES' },
        items: [{ product: 'prod_guide', quantity: i + 1 }],
      });
      fake.links[0]!.status = status;
    }
    fake.emit('links.changed', { ids: fake.links.map((l) => l.id) });
    await rows(p).filter({ hasText: 'Cancelled' }).waitFor();
    const offered: Record<string, number> = {};
    for (const [i, status] of statuses.entries()) {
      const row = rows(p).filter({ hasText: `c${i}@example.com` });
      offered[status] = await row.getByRole('button', { name: /^New link like this/ }).count();
    }
    expect(offered).toEqual({ pending: 0, abandoned: 1, completed: 0, failed: 1, deleted: 1 });

    // From the keyboard: the failed link's action, then the form with the focus in it.
    const failed = rows(p).filter({ hasText: 'c3@example.com' });
    await failed.getByRole('button', { name: /^New link like this/ }).focus();
    await p.keyboard.press('Enter');
    await p.getByRole('heading', { level: 2, name: 'New link' }).waitFor();
    await expect.poll(() => focused(p, 'Email')).toBe(true);
    expect(await field(p, 'Email').inputValue()).toBe('c3@example.com');
    expect(await field(p, 'First name').inputValue()).toBe('Ana');
    expect(await field(p, 'Billing country (optional)').inputValue()).toBe('ES');
    expect(await field(p, 'Quantity').inputValue()).toBe('4');

    const before = creates().length;
    await p.getByRole('button', { name: 'Create link' }).click();
    await p.getByRole('heading', { name: /Link ready|Open link found/ }).waitFor();
    expect(creates().slice(before)).toMatchObject([
      {
        input: {
          customer: { email: 'c3@example.com', firstName: 'Ana', billingCountry: 'ES' },
          items: [{ product: 'prod_guide', quantity: 4 }],
        },
      },
    ]);
  });
});
