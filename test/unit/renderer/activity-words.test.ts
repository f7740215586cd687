// Activity as a merchant reads it (issue 17, "Words and layout"), in Chromium against the desk
// fake: one line per happening, no session id and no raw line repeating it beside the summary;
// the session id is one click away, in the event dialog, for a support request.
import { describe, expect, it } from 'vitest';
import type { ActivityItem } from '../../../preload/contract';
import { waitForText } from '../../support/browser';
import { useRendererPages } from '../../support/renderer-pages';
import { createDeskFake } from './desk-fake-console';

const pages = useRendererPages();

const at = new Date(Date.now() - 60_000).toISOString();

// What main lists for a paid link: the sale's line, its delivery (event 7, session 9007) behind it.
const saleLine: ActivityItem = {
  kind: 'log',
  key: 'log:1',
  at,
  message: 'Ann Lee paid $360.00 — 3 × Consulting Hour',
  logKind: 'sale',
  detail: { eventId: 7, sessionId: 9007, fulfillmentId: 3 },
};

const failedDelivery: ActivityItem = {
  kind: 'event',
  key: 'event:8',
  at,
  message: 'Quaderno sent a payment that could not be recorded: The database was busy.',
  event: {
    id: 8,
    receivedAt: at,
    eventType: 'checkout.succeeded',
    sessionId: 9008,
    verification: 'valid',
    reason: null,
    processedAt: null,
    processError: 'The database was busy.',
    fulfillmentId: null,
    canReprocess: true,
  },
};

const syncRun: ActivityItem = {
  kind: 'sync',
  key: 'sync:1',
  at,
  message: 'Checked 347 checkouts with Quaderno: 2 changed, 1 sale found.',
  sync: {
    id: 1,
    startedAt: at,
    finishedAt: at,
    sessionsSeen: 347,
    sessionsUpdated: 2,
    fulfillmentsAdded: 1,
    webhookRecreated: false,
    apiCalls: 3,
    error: null,
  },
};

describe('activity in a merchant’s words', () => {
  it('shows the sale once, without its session, and the event dialog still gives the session', async () => {
    const fake = createDeskFake();
    fake.activity.push(saleLine, failedDelivery, syncRun);
    const p = await pages.open(fake, { screen: 'Activity' });
    const list = p.getByRole('list', { name: 'Activity' });
    const rows = list.getByRole('listitem');
    await waitForText(rows.nth(0), 'Ann Lee paid $360.00 — 3 × Consulting Hour');

    const texts = await rows.allInnerTexts();
    expect(texts).toHaveLength(3);
    for (const text of texts) {
      expect(text).not.toMatch(/session|900\d|checkout\.succeeded/i);
    }
    // Nothing beside a summary repeats it: the error and the counts are said once.
    expect(texts[1]?.split('The database was busy').length).toBe(2);
    // A count no clock or date can show: the row's time (a minute ago) never holds 347.
    expect(texts[2]?.split('347').length).toBe(2);

    await rows.nth(0).getByRole('button', { name: 'View raw event' }).click();
    const dialog = p.getByRole('dialog', { name: 'Event 7' });
    await waitForText(dialog, '9007');
    await dialog.getByText('raw-body-marker').waitFor();
  });
});
