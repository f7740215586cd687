// The desk's other parts in Chromium against the in-memory double: the status
// strip (live, offline) and its details in Settings, the activity log with
// "process again", and the webhooks-and-tunnel settings.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { ActivityEvent, ActivityItem } from '../../../preload/contract';
import { saveScreenshot, waitForText } from '../../support/browser';
import { goToScreen, useRendererPages, type OpenOptions } from '../../support/renderer-pages';
import { createDeskFake, makeSales, type DeskFake } from './desk-fake-console';
import { holdEachAnswer } from './held-answers';
import { expectIgnoredWhileWaiting } from './held-call';
import { twoFrames } from './two-frames';

const pages = useRendererPages();

function open(fake: DeskFake, screen: string, viewport?: OpenOptions['viewport']): Promise<Page> {
  return pages.open(fake, { screen, ...(viewport ? { viewport } : {}) });
}

type EventOutcome = Pick<
  ActivityEvent,
  'verification' | 'reason' | 'processError' | 'canReprocess'
>;

/** Webhook event `id` (for session 9000 + `id`), received `agoMs` ago and never processed. */
function unprocessedEvent(
  id: number,
  agoMs: number,
  message: string,
  outcome: EventOutcome,
): ActivityItem {
  const at = new Date(Date.now() - agoMs).toISOString();
  return {
    kind: 'event',
    key: `event:${id}`,
    at,
    message,
    event: {
      id,
      receivedAt: at,
      eventType: 'checkout.succeeded',
      sessionId: 9000 + id,
      processedAt: null,
      fulfillmentId: null,
      ...outcome,
    },
  };
}

const quarantined = unprocessedEvent(2, 0, 'Refused a webhook event', {
  verification: 'invalid',
  reason: 'The signature does not match the auth key of this webhook.',
  processError: null,
  canReprocess: false,
});

const failed = unprocessedEvent(1, 60_000, 'Received a sale that could not be recorded', {
  verification: 'valid',
  reason: null,
  processError: 'The database was busy.',
  canReprocess: true,
});

const syncRun: ActivityItem = {
  kind: 'sync',
  key: 'sync:1',
  at: new Date(Date.now() - 120_000).toISOString(),
  message: 'Checked 14 checkouts with Quaderno: 2 changed, 1 sale found; live sales reconnected.',
  sync: {
    id: 1,
    startedAt: new Date(Date.now() - 121_000).toISOString(),
    finishedAt: new Date(Date.now() - 120_000).toISOString(),
    sessionsSeen: 14,
    sessionsUpdated: 2,
    fulfillmentsAdded: 1,
    webhookRecreated: true,
    apiCalls: 3,
    error: null,
  },
};

/** Settings › Webhooks and tunnel, where the strip's details are: its "Receiving now" box. */
async function liveDetails(p: Page) {
  await goToScreen(p, 'Settings');
  await p.getByRole('button', { name: 'Webhooks and tunnel' }).click();
  return p.getByRole('region', { name: 'Receiving now' });
}

describe('the status strip', () => {
  // The receiver, tunnel, URL and last event moved from the strip to Settings (issue 17):
  // the same assertions, read where the details now are.
  it('shows the receiver, the tunnel with its public URL, and follows main’s updates', async () => {
    const fake = createDeskFake({ sales: makeSales(2) });
    const p = await open(fake, 'Links');
    const strip = p.getByRole('region', { name: 'Live status' });
    await strip.getByText('Receiving sales live').waitFor();
    const details = await liveDetails(p);
    await details.getByText('listening on port 43117').waitFor();
    await waitForText(details, 'https://quiet-fox.loca.lt');
    await waitForText(details, 'Last event never');

    const at = new Date().toISOString();
    fake.emit('receiver.status', {
      ...fake.status,
      tunnel: { state: 'reconnecting', publicUrl: null, error: 'connection refused' },
      webhook: { state: 'error', id: null, url: null, error: 'Quaderno refused the URL.' },
      lastEventAt: at,
    });
    await details.getByText('reconnecting (connection refused)').waitFor();
    await details.getByText('not registered: Quaderno refused the URL.').waitFor();
    await details.getByText(/Last event\s*just now/).waitFor();
    expect(await details.textContent()).not.toContain('quiet-fox');
    await strip.getByText('Not receiving: the tunnel is down, retrying').waitFor();
    expect(await strip.textContent()).not.toMatch(/port|quiet-fox/);
  });

  it('makes Sync now wait with the reason while offline, and brings it back', async () => {
    const fake = createDeskFake();
    const p = await open(fake, 'Fulfilments', { width: 900, height: 700 });
    const strip = p.getByRole('region', { name: 'Live status' });
    const sync = strip.getByRole('button', { name: 'Sync now' });
    await sync.waitFor();
    expect(await sync.getAttribute('aria-disabled')).toBe('false');
    fake.emit('connectivity.changed', { online: false, reason: 'Quaderno cannot be reached.' });
    await strip.getByText('Sync waits for the connection.').waitFor();
    // Waiting (aria-disabled), not disabled, so it keeps the focus; a press sends nothing.
    expect(await sync.getAttribute('aria-disabled')).toBe('true');
    await expectIgnoredWhileWaiting(p, sync);
    expect(fake.calls.some((c) => c.name === 'sync.run')).toBe(false);
    await p.getByRole('heading', { name: 'Nothing to fulfil yet' }).waitFor();
    await saveScreenshot(p, 'desk-offline-900x700');
    fake.emit('connectivity.changed', { online: true, reason: null });
    await expect.poll(() => sync.getAttribute('aria-disabled')).toBe('false');
    await sync.click();
    await expect.poll(() => fake.calls.some((c) => c.name === 'sync.run')).toBe(true);
    // When the last sync ran is a detail: Settings shows the run the strip started.
    const details = await liveDetails(p);
    await details.getByText(/Last sync\s*just now/).waitFor();
  });

  it('drops a failed Sync now once a later sync reports success', async () => {
    const fake = createDeskFake();
    const p = await open(fake, 'Fulfilments');
    const strip = p.getByRole('region', { name: 'Live status' });
    fake.failing.set('sync.run', 'Quaderno did not answer in time.');
    await strip.getByRole('button', { name: 'Sync now' }).click();
    await strip.getByText('Sync failed: Quaderno did not answer in time.').waitFor();
    fake.failing.delete('sync.run');
    const finishedAt = new Date().toISOString();
    fake.emit('sync.status', {
      running: false,
      last: {
        startedAt: finishedAt,
        finishedAt,
        sessionsSeen: 3,
        sessionsUpdated: 0,
        fulfillmentsAdded: 0,
        webhookRecreated: false,
        apiCalls: 1,
      },
      error: null,
    });
    await expect.poll(() => strip.getByText(/Sync failed/).count()).toBe(0);
  });

  it('says why live status is missing when main cannot report it', async () => {
    const fake = createDeskFake();
    fake.failing.set('live.status', 'Live fulfilments are not available in this build yet.');
    const p = await open(fake, 'Links');
    await p
      .getByRole('region', { name: 'Live status' })
      .getByText('Live status unavailable: Live fulfilments are not available in this build yet.')
      .waitFor();
  });
});

describe('the activity log', () => {
  it('lists quarantined events with their reason, sync runs, and processes a failed event again', async () => {
    const fake = createDeskFake();
    fake.activity.push(quarantined, failed, syncRun);
    const p = await open(fake, 'Activity');
    const list = p.getByRole('list', { name: 'Activity' });
    await list.getByText('Quarantined').waitFor();
    await waitForText(list, 'The signature does not match the auth key');
    await waitForText(list, '14 checkouts');
    await waitForText(list, 'live sales reconnected');
    expect(await list.getByRole('button', { name: 'Process again' }).count()).toBe(1);
    await saveScreenshot(p, 'desk-activity-1280x800');

    await list.getByRole('button', { name: 'Process again' }).click();
    await list.getByText('Event processed').waitFor();
    expect(await list.getByRole('button', { name: 'Process again' }).count()).toBe(0);

    await p.getByRole('combobox', { name: 'Show' }).selectOption('sync');
    await p.getByText('1 entry').waitFor();
    await waitForText(list, 'Checked 14 checkouts with Quaderno');
  });

  it('shows the raw event as it arrived', async () => {
    const fake = createDeskFake();
    fake.activity.push(failed);
    const p = await open(fake, 'Activity');
    await p.getByRole('button', { name: 'View raw event' }).click();
    const dialog = p.getByRole('dialog', { name: 'Event 1' });
    await dialog.getByText('raw-body-marker').waitFor();
    await waitForText(dialog, 'x-quaderno-signature');
  });

  it('shows the newest hundred entries and older ones on request', async () => {
    const fake = createDeskFake();
    for (let i = 150; i >= 1; i -= 1) {
      fake.activity.push({
        kind: 'log',
        key: `log:${i}`,
        at: new Date(Date.now() - (150 - i) * 60_000).toISOString(),
        message: `Happening number ${i}`,
        logKind: 'note',
        detail: {},
      });
    }
    const p = await open(fake, 'Activity');
    const list = p.getByRole('list', { name: 'Activity' });
    await p.getByText('150 entries').waitFor();
    expect(await list.getByRole('listitem').count()).toBe(100);
    await p.getByRole('button', { name: 'Show older entries' }).click();
    await list.getByText('Happening number 1', { exact: true }).waitFor();
    expect(await list.getByRole('listitem').count()).toBe(150);
    expect(await p.getByRole('button', { name: 'Show older entries' }).count()).toBe(0);
  });

  it('shows the read on its way when more changes come, and reads once more after it', async () => {
    const fake = createDeskFake();
    const p = await open(fake, 'Activity');
    const count = p.getByRole('status').filter({ hasText: /entr(y|ies)$/ });
    await waitForText(count, '0 entries');
    const reads = holdEachAnswer(fake, 'activity.list');
    fake.activity.push(quarantined, failed, syncRun);
    fake.emit('activity.changed', {});
    await expect.poll(() => reads.seen()).toBe(1);
    // More changes while that read is on its way: a sync starting, a sale, another line.
    fake.emit('fulfillments.changed', { ids: [1] });
    fake.emit('activity.changed', {});
    fake.emit('sync.status', { running: true, last: null, error: null });
    const sync = p.getByRole('region', { name: 'Live status' }).getByRole('button', {
      name: 'Sync now',
    });
    await expect.poll(() => sync.getAttribute('aria-disabled')).toBe('true');
    await twoFrames(p);
    reads.releaseNext();
    await waitForText(count, '3 entries');
    await expect.poll(() => reads.seen()).toBe(2);
    const followUp = p.waitForResponse((r) => r.url().includes('activity.list'));
    reads.releaseAll();
    await (await followUp).finished();
    await twoFrames(p);
    expect(reads.seen()).toBe(2);
  });

  it('says nothing has happened yet on a fresh install', async () => {
    const fake = createDeskFake();
    const p = await open(fake, 'Activity');
    await p.getByRole('heading', { name: 'Nothing has happened yet' }).waitFor();
  });
});

describe('webhooks and tunnel settings', () => {
  it('saves a manual public URL and port without touching the link defaults', async () => {
    const fake = createDeskFake();
    const p = await open(fake, 'Settings');
    await p.getByRole('button', { name: 'Webhooks and tunnel' }).click();
    await p.getByLabel('Your own public URL (optional)').fill('https://hooks.shop.test');
    expect(await p.getByLabel('Tunnel subdomain (optional)').isDisabled()).toBe(true);
    await p.getByLabel('Receiver port').fill('8700');
    await p.getByRole('button', { name: 'Save', exact: true }).click();
    await p.getByText('Saved. The receiver restarts with these settings.').waitFor();
    const update = fake.calls.find((c) => c.name === 'settings.update');
    expect(update?.input).toEqual({
      publicUrl: 'https://hooks.shop.test',
      tunnelSubdomain: '',
      tunnelHost: '',
      receiverPort: 8700,
    });
    expect(fake.settings.successUrl).toBe('https://example.com/thank-you');
    await saveScreenshot(p, 'desk-settings-live-1280x800');
  });

  it('shows main’s message next to a refused subdomain and keeps what was typed', async () => {
    const fake = createDeskFake();
    const p = await open(fake, 'Settings');
    await p.getByRole('button', { name: 'Webhooks and tunnel' }).click();
    const subdomain = p.getByLabel('Tunnel subdomain (optional)');
    await subdomain.fill('a_b');
    await p.getByRole('button', { name: 'Save', exact: true }).click();
    await p
      .getByText('Use 4 to 63 lowercase letters, digits or dashes, or leave it empty.')
      .waitFor();
    expect(await subdomain.inputValue()).toBe('a_b');
    expect(await subdomain.getAttribute('aria-invalid')).toBe('true');
  });
});
