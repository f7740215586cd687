// A draft discarded while main no longer keeps it (already discarded or closed, another account
// active): main's refusal (draftGone, main's own words) names no list to refresh, because the
// Drafts panel reads its drafts again itself after a Discard, whatever the answer. In Chromium
// against the links double.
import { describe, expect, it } from 'vitest';
import { draftGone } from '../../../main/links/drafts';
import { waitForText } from '../../support/browser';
import { expectFocusedInView } from '../../support/focus-checks';
import { useRendererPages } from '../../support/renderer-pages';
import { recordAlerts } from './alerts-added';
import { createDraftsFake, type DraftsFake } from './drafts-fake-console';
import { openLinksScreen } from './links-fake-console';

const pages = useRendererPages();

async function keepDraft(fake: DraftsFake, email: string): Promise<void> {
  fake.keepNextCreateAsDraft();
  await fake.dispatch('links.create', {
    customer: { email },
    items: [{ product: 'prod_guide', quantity: 1 }],
  });
}

/** The Drafts panel with Jane's and Ann's drafts; then Jane's leaves main without the page hearing. */
async function draftsWithJanesGone() {
  const fake = createDraftsFake();
  const p = await openLinksScreen(pages, fake, { viewport: { width: 1280, height: 800 } });
  for (const email of ['jane@example.com', 'ann@example.com']) await keepDraft(fake, email);
  const drafts = p.getByRole('region', { name: 'Drafts' }).getByRole('listitem');
  await expect.poll(() => drafts.count()).toBe(2);
  fake.drafts.splice(0, 1);
  return { p, drafts };
}

describe('discarding a draft main no longer keeps', () => {
  it("reads the drafts again itself, so the draft's row goes", async () => {
    const fake = createDraftsFake();
    const p = await openLinksScreen(pages, fake, { viewport: { width: 1280, height: 800 } });
    await keepDraft(fake, 'jane@example.com');
    const drafts = p.getByRole('region', { name: 'Drafts' }).getByRole('listitem');
    const row = drafts.filter({ hasText: 'jane@example.com' });
    await row.waitFor();
    // Gone from main without the page hearing.
    fake.drafts.splice(0, fake.drafts.length);

    await row.getByRole('button', { name: 'Discard the draft for jane@example.com' }).click();
    await expect.poll(() => drafts.count()).toBe(0);
    expect(fake.calls.filter((c) => c.name === 'links.discardDraft')).toHaveLength(1);
    // It was the last draft: the panel's list went, what main said stays, with the focus.
    const alert = p.getByRole('alert');
    await waitForText(alert, draftGone().message);
    await expectFocusedInView(alert);
  });

  it("drops main's words once the merchant discards another draft and main agrees", async () => {
    const { p, drafts } = await draftsWithJanesGone();

    await drafts.getByRole('button', { name: 'Discard the draft for jane@example.com' }).click();
    const alert = p.getByRole('alert');
    await waitForText(alert, draftGone().message);
    await expectFocusedInView(alert);
    await drafts.getByRole('button', { name: 'Discard the draft for ann@example.com' }).click();

    await expect.poll(() => drafts.count()).toBe(0);
    await expect.poll(() => alert.count()).toBe(0);
  });

  it("announces main's words once, above the drafts, not first in the row that goes", async () => {
    const { p, drafts } = await draftsWithJanesGone();
    const alerts = await recordAlerts(p);

    await drafts.getByRole('button', { name: 'Discard the draft for jane@example.com' }).click();
    const alert = p.getByRole('alert');
    await waitForText(alert, draftGone().message);
    await expectFocusedInView(alert);
    expect(await alerts()).toEqual([`SECTION:${draftGone().message}`]);
  });
});
