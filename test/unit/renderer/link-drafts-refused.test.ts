// A Discard main refuses while it still keeps the draft (its link is being made right now): the
// refusal is about that draft, so it is said in that draft's row, and it goes when that row goes
// or the merchant acts again. It never stays above drafts that arrive later. In Chromium against
// the links double.
import type { Locator, Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { waitForText } from '../../support/browser';
import { recordAlerts } from './alerts-added';
import { expectFocusedInView } from '../../support/focus-checks';
import { useRendererPages } from '../../support/renderer-pages';
import { draftBeingMade } from '../../../main/links/drafts';
import { createDraftsFake, type DraftsFake } from './drafts-fake-console';
import { openLinksScreen } from './links-fake-console';

const pages = useRendererPages();
let fake: DraftsFake;

beforeEach(() => {
  fake = createDraftsFake();
});

async function keepDraft(email: string): Promise<void> {
  fake.keepNextCreateAsDraft();
  await fake.dispatch('links.create', {
    customer: { email },
    items: [{ product: 'prod_guide', quantity: 1 }],
  });
}

const panel = (p: Page) => p.getByRole('region', { name: 'Drafts' });
const row = (p: Page, email: string) => panel(p).getByRole('listitem').filter({ hasText: email });

/** From now on, main cannot read its drafts while `failing`; counts the reads failed and answered. */
function failDraftReads() {
  const reads = { failing: true, failed: 0, answered: 0 };
  const inner = fake.dispatch;
  fake.dispatch = async (name, input) => {
    if (name !== 'links.drafts') return inner(name, input);
    if (reads.failing) {
      reads.failed += 1;
      return { ok: false, error: { code: 'offline', message: 'The data file is busy.' } };
    }
    const answer = await inner(name, input);
    reads.answered += 1;
    return answer;
  };
  return reads;
}

/** The Links screen with Jane's draft on it. */
async function janesDraft(): Promise<{ p: Page; jane: Locator }> {
  const p = await openLinksScreen(pages, fake, { viewport: { width: 1280, height: 800 } });
  await keepDraft('jane@example.com');
  const jane = row(p, 'jane@example.com');
  await jane.waitFor();
  return { p, jane };
}

/** Jane's draft on screen, its Discard refused, and main's words in her row. */
async function refusedDiscard(): Promise<Page> {
  const { p, jane } = await janesDraft();
  fake.refuseNextDiscard();
  await jane.getByRole('button', { name: 'Discard the draft for jane@example.com' }).click();
  await waitForText(jane.getByRole('alert'), draftBeingMade().message);
  return p;
}

describe('a Discard main refuses while it keeps the draft', () => {
  it("says why in that draft's row, not above a draft that arrives later", async () => {
    const p = await refusedDiscard();
    await keepDraft('ann@example.com');
    await row(p, 'ann@example.com').waitFor();

    await expect.poll(() => p.getByRole('alert').count()).toBe(1);
    expect(await row(p, 'jane@example.com').getByRole('alert').textContent()).toBe(
      draftBeingMade().message,
    );
    expect(await row(p, 'ann@example.com').getByRole('alert').count()).toBe(0);
  });

  it('drops the refusal once the draft it was about leaves, keeping the other drafts', async () => {
    const p = await refusedDiscard();
    await keepDraft('ann@example.com');
    await row(p, 'ann@example.com').waitFor();

    fake.dropDraft(1);
    await expect.poll(() => row(p, 'jane@example.com').count()).toBe(0);
    await expect.poll(() => p.getByRole('alert').count()).toBe(0);
    expect(await row(p, 'ann@example.com').count()).toBe(1);
  });

  it('drops the refusal once it was the last draft and it leaves', async () => {
    const p = await refusedDiscard();
    // Read again with the draft still there: the refusal was not about a gone draft.
    await keepDraft('ann@example.com');
    await row(p, 'ann@example.com').waitFor();
    fake.dropDraft(2);
    fake.dropDraft(1);

    await expect.poll(() => panel(p).count()).toBe(0);
    expect(await p.getByRole('alert').count()).toBe(0);
  });

  it("clears the row's refusal while the merchant tries again, and says a second one once", async () => {
    const p = await refusedDiscard();
    const jane = row(p, 'jane@example.com');
    fake.refuseNextDiscard();
    const hold = fake.holdNextDiscard();
    await jane.getByRole('button', { name: 'Discard the draft for jane@example.com' }).click();

    // Asked again: the old answer is not news while the new one is awaited.
    await expect
      .poll(() => fake.calls.filter((c) => c.name === 'links.discardDraft').length)
      .toBe(2);
    await expect.poll(() => jane.getByRole('alert').count()).toBe(0);
    hold.release();
    await waitForText(jane.getByRole('alert'), draftBeingMade().message);
    expect(await jane.getByRole('alert').count()).toBe(1);
    expect(await p.getByRole('alert').count()).toBe(1);
  });

  it('drops the refusal when the merchant discards the draft again and main agrees', async () => {
    const p = await refusedDiscard();
    const jane = row(p, 'jane@example.com');
    const hold = fake.holdNextDiscard();
    await jane.getByRole('button', { name: 'Discard the draft for jane@example.com' }).click();

    await expect.poll(() => jane.getByRole('alert').count()).toBe(0);
    hold.release();
    await expect.poll(() => panel(p).count()).toBe(0);
    expect(await p.getByRole('alert').count()).toBe(0);
  });

  it("gives the focus to the link's Copy link when the draft it kept becomes a link", async () => {
    const p = await refusedDiscard();
    await fake.dispatch('links.create', {
      customer: { email: 'jane@example.com' },
      items: [{ product: 'prod_guide', quantity: 1 }],
    });
    const link = fake.links[0];
    if (!link) throw new Error('the fake made no link');
    fake.draftCreated(link);

    const ready = p.getByRole('list', { name: 'Links made from drafts' }).getByRole('listitem');
    await expectFocusedInView(ready.getByRole('button', { name: 'Copy link' }));
    expect(await p.getByRole('alert').count()).toBe(0);
  });

  it('gives the focus to the Drafts heading when the draft it kept leaves', async () => {
    const p = await refusedDiscard();
    await keepDraft('ann@example.com');
    await row(p, 'ann@example.com').waitFor();
    await row(p, 'jane@example.com')
      .getByRole('button', { name: 'Discard the draft for jane@example.com' })
      .focus();
    fake.dropDraft(1);

    await expectFocusedInView(panel(p).getByRole('heading', { name: 'Drafts' }));
    expect(await p.getByRole('alert').count()).toBe(0);
  });

  it('still shows the refusal on its row when the drafts cannot be read again', async () => {
    const { jane } = await janesDraft();
    const reads = failDraftReads();
    fake.refuseNextDiscard();
    await jane.getByRole('button', { name: 'Discard the draft for jane@example.com' }).click();

    await expect.poll(() => reads.failed).toBe(1);
    await waitForText(jane.getByRole('alert'), draftBeingMade().message);
  });

  it('announces the refusal once when a read after a failed one answers', async () => {
    const { p, jane } = await janesDraft();
    const reads = failDraftReads();
    fake.refuseNextDiscard();
    const alerts = await recordAlerts(p);
    await jane.getByRole('button', { name: 'Discard the draft for jane@example.com' }).click();
    await expect.poll(() => reads.failed).toBe(1);
    await waitForText(jane.getByRole('alert'), draftBeingMade().message);

    // Main can be read again, and a change elsewhere makes the panel read its drafts.
    reads.failing = false;
    fake.emit('links.changed', { ids: [] });
    await expect.poll(() => reads.answered).toBe(1);
    await waitForText(jane.getByRole('alert'), draftBeingMade().message);
    expect(await alerts()).toEqual([`LI:${draftBeingMade().message}`]);
  });

  it('ignores a second click on Discard while the first is under way', async () => {
    const { p, jane } = await janesDraft();
    const discard = jane.getByRole('button', { name: 'Discard the draft for jane@example.com' });
    const hold = fake.holdNextDiscard();
    await discard.click();
    await expect
      .poll(() => fake.calls.filter((c) => c.name === 'links.discardDraft').length)
      .toBe(1);
    // Main has let the draft go, but its answer to the first click has not come yet.
    fake.drafts.splice(0, 1);
    await discard.click();
    fake.emit('links.changed', { ids: [] });

    await expect.poll(() => jane.count()).toBe(0);
    expect(await p.getByRole('alert').count()).toBe(0);
    expect(fake.calls.filter((c) => c.name === 'links.discardDraft')).toHaveLength(1);
    hold.release();
  });
});

describe("the Drafts panel's focus", () => {
  it('does not take the focus again once the merchant has moved on from the drafts', async () => {
    const p = await openLinksScreen(pages, fake, { viewport: { width: 1280, height: 800 } });
    await keepDraft('jane@example.com');
    await row(p, 'jane@example.com')
      .getByRole('button', { name: 'Discard the draft for jane@example.com' })
      .focus();
    // The merchant clicks the screen's title: the focus leaves the drafts (to <body>).
    await p.getByRole('heading', { name: 'Links', level: 1 }).click();

    await keepDraft('ann@example.com');
    await row(p, 'ann@example.com').waitFor();
    expect(await p.evaluate(() => document.activeElement?.id ?? null)).not.toBe('drafts-heading');
  });
});
