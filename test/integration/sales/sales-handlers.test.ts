// The desk's contract methods on a real SQLite file: activity log, raw event, reprocessing
// through the receiver's real processing, one sale, and CSV export through a save dialog.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventName } from '../../../preload/contract';
import { createSalesHandlers, type SalesHandlers } from '../../../main/sales';
import { processEvent } from '../../../main/receiver';
import { createActivityRepo, createEventsRepo, type Store } from '../../../main/store';
import { exportText } from '../../support/export-text';
import { withRawDb } from '../../support/raw-db';
import { useTempDir } from '../../support/temp-dir';
import { openStoreWithAccount } from '../../support/test-store';
import { seedSales } from './generate';

const tmp = useTempDir();
let store: Store;
let accountId: number;
let handlers: SalesHandlers;
let emitted: Array<{ name: EventName; payload: unknown }>;
let saved: Array<{ name: string; content: string }>;
let active: { id: number } | null;

function saleBody(sessionId: number, email: string): string {
  return JSON.stringify({
    event_type: 'checkout.succeeded',
    account_id: 1,
    data: {
      object: {
        transaction_details: {
          session: sessionId,
          session_permalink: `https://sandbox.test/checkout/session/${sessionId}`,
          email,
          transaction: `ch_${sessionId}`,
          product_id: 'prod_unicorn',
          amount_cents: 1500,
          amount: '15.00',
          currency: 'EUR',
        },
        contact: { first_name: 'John', last_name: 'Doe', email },
      },
    },
  });
}

beforeEach(() => {
  ({ store, accountId } = openStoreWithAccount(tmp.file('desk.sqlite'), { name: 'Desk' }));
  active = { id: accountId };
  emitted = [];
  saved = [];
  handlers = createSalesHandlers({
    store,
    activeAccount: () => active,
    saveFile: async (name, content) => {
      saved.push({ name, content: exportText(content) });
      return `/home/merchant/${name}`;
    },
    reprocess: (a, id) => processEvent(store, a, id),
    emit: (name, payload) => emitted.push({ name, payload }),
    now: () => new Date('2026-11-28T12:00:00.000Z'),
  });
});

afterEach(() => store.close());

describe('activity log', () => {
  it('lists received, quarantined and synced happenings newest first, with the reason', async () => {
    // Seeded on a raw connection: the log line needs a clock of its own, the sync run a past time.
    const good = withRawDb(store.file, (raw) => {
      const events = createEventsRepo(raw, () => '2026-11-28T10:00:00.000Z');
      const stored = events.insertVerified({
        accountId,
        body: saleBody(11, 'john@doe.com'),
        headers: { 'x-quaderno-signature': 'abc' },
        eventType: 'checkout.succeeded',
        sessionId: 11,
        businessKey: 'checkout.succeeded:session:11',
        receivedAt: '2026-11-28T10:00:00.000Z',
      });
      events.quarantine({
        accountId,
        body: '{"event_type":"checkout.succeeded"}',
        headers: {},
        eventType: 'checkout.succeeded',
        sessionId: null,
        businessKey: null,
        receivedAt: '2026-11-28T11:00:00.000Z',
        reason: 'the signature did not match any registered webhook',
      });
      raw
        .prepare(
          `INSERT INTO sync_runs (account_id, started_at, finished_at, sessions_seen, sessions_updated, fulfillments_added)
           VALUES (?, '2026-11-28T09:00:00.000Z', '2026-11-28T09:00:02.000Z', 40, 3, 2)`,
        )
        .run(accountId);
      createActivityRepo(raw, () => '2026-11-28T08:00:00.000Z').add(
        accountId,
        'fulfilled',
        'Marked a sale fulfilled.',
      );
      return stored;
    });

    const page = await handlers['activity.list']({ limit: 10, offset: 0 });
    expect(page.total).toBe(4);
    expect(page.items.map((i) => i.kind)).toEqual(['event', 'event', 'sync', 'log']);
    const [quarantined, received, sync, log] = page.items;
    expect(quarantined).toMatchObject({
      kind: 'event',
      event: { verification: 'invalid', canReprocess: false },
    });
    expect(quarantined?.message).toContain('the signature did not match any registered webhook');
    expect(received).toMatchObject({
      kind: 'event',
      event: { id: good.id, verification: 'valid' },
    });
    expect(sync?.message).toBe('Checked 40 checkouts with Quaderno: 3 changed, 2 sales found.');
    expect(log).toMatchObject({
      kind: 'log',
      logKind: 'fulfilled',
      message: 'Marked a sale fulfilled.',
    });

    const onlySyncs = await handlers['activity.list']({ kind: 'sync', limit: 10, offset: 0 });
    expect(onlySyncs).toMatchObject({ total: 1, items: [{ kind: 'sync' }] });
    const second = await handlers['activity.list']({ limit: 2, offset: 2 });
    expect(second.items.map((i) => i.key)).toEqual([sync?.key, log?.key]);
  });

  it('pages through events, syncs and log lines without skipping or repeating one', async () => {
    withRawDb(store.file, (raw) => {
      const events = createEventsRepo(raw);
      const log = createActivityRepo(raw, () => '2026-11-28T10:00:00.000Z');
      for (let i = 0; i < 7; i++) {
        const at = `2026-11-28T10:0${i}:00.000Z`;
        events.insertVerified({
          accountId,
          body: `{"n":${i}}`,
          headers: {},
          eventType: 'checkout.succeeded',
          sessionId: i,
          businessKey: null,
          receivedAt: at,
        });
        if (i % 2 === 0) log.add(accountId, 'note', `line ${i}`); // all at 10:00: ties
        if (i % 3 === 0) {
          raw
            .prepare(`INSERT INTO sync_runs (account_id, started_at) VALUES (?, ?)`)
            .run(accountId, at);
        }
      }
    });
    const all = await handlers['activity.list']({ limit: 500, offset: 0 });
    expect(all.total).toBe(7 + 4 + 3);
    const walked: string[] = [];
    for (let offset = 0; offset < all.total; offset += 3) {
      const page = await handlers['activity.list']({ limit: 3, offset });
      expect(page.total).toBe(all.total);
      walked.push(...page.items.map((i) => i.key));
    }
    expect(walked).toEqual(all.items.map((i) => i.key));
    expect(new Set(walked).size).toBe(all.total);
    const times = all.items.map((i) => i.at);
    expect(times).toEqual([...times].sort().reverse());
  });

  it('shows the raw event body and headers for a row', async () => {
    const body = saleBody(12, 'jane@example.com');
    const { id } = store.events.insertVerified({
      accountId,
      body,
      headers: { 'content-type': 'application/json' },
      eventType: 'checkout.succeeded',
      sessionId: 12,
      businessKey: 'checkout.succeeded:session:12',
    });
    const detail = await handlers['events.get']({ id });
    expect(detail.body).toBe(body);
    expect(detail.headers).toEqual({ 'content-type': 'application/json' });
    await expect(handlers['events.get']({ id: id + 100 })).rejects.toMatchObject({
      code: 'not_found',
    });
  });
});

describe('process again', () => {
  it('turns an event whose processing failed into its sale and tells the screens', async () => {
    const events = store.events;
    const { id } = events.insertVerified({
      accountId,
      body: saleBody(21, 'john@doe.com'),
      headers: {},
      eventType: 'checkout.succeeded',
      sessionId: 21,
      businessKey: 'checkout.succeeded:session:21',
    });
    events.markFailed(id, 'database was busy');
    const before = await handlers['activity.list']({ kind: 'event', limit: 5, offset: 0 });
    expect(before.items[0]).toMatchObject({
      event: { canReprocess: true, processError: 'database was busy' },
    });

    const after = await handlers['events.reprocess']({ id });
    expect(after.processError).toBeNull();
    expect(after.fulfillmentId).not.toBeNull();
    const sale = await handlers['fulfillments.get']({ id: after.fulfillmentId ?? 0 });
    expect(sale).toMatchObject({
      sessionId: 21,
      customerEmail: 'john@doe.com',
      amount: 1500,
      currency: 'EUR',
    });
    expect(emitted.map((e) => e.name)).toEqual(
      expect.arrayContaining(['fulfillments.changed', 'activity.changed']),
    );
  });

  it('refuses to process a quarantined event', async () => {
    const { id } = store.events.quarantine({
      accountId,
      body: '{}',
      headers: {},
      eventType: null,
      sessionId: null,
      businessKey: null,
      reason: 'no signature',
    });
    await expect(handlers['events.reprocess']({ id })).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('quarantined'),
    });
  });
});

describe('export through the save dialog', () => {
  it('saves the sales as CSV under a dated name and reports where', async () => {
    seedSales(store.file, accountId, 3, new Date('2026-11-28T11:00:00.000Z'));
    const result = await handlers['export.csv']({ what: 'fulfillments' });
    expect(result).toEqual({
      path: '/home/merchant/checkout-console-sales-2026-11-28.csv',
      rows: 3,
    });
    const lines = saved[0]?.content.split('\r\n') ?? [];
    expect(lines[0]).toMatch(/^id,received_at,status,/);
    expect(lines).toHaveLength(5); // header, 3 rows, final empty after the last CRLF
  });

  it('exports only what the screen filters to', async () => {
    seedSales(store.file, accountId, 6, new Date('2026-11-28T11:00:00.000Z'));
    const result = await handlers['export.csv']({
      what: 'fulfillments',
      filter: { currency: 'JPY', search: 'buyer' },
    });
    expect(result.rows).toBe(2); // sales 2 and 5 are the yen ones
    expect(saved[0]?.content).toContain('buyer5@example.com');
    expect(saved[0]?.content).not.toContain('buyer0@example.com');
  });

  it('reports a cancelled dialog as no path', async () => {
    const cancelled = createSalesHandlers({
      store,
      activeAccount: () => active,
      saveFile: async () => null,
      emit: () => undefined,
    });
    expect(await cancelled['export.csv']({ what: 'links' })).toEqual({ path: null, rows: 0 });
  });

  it('asks for an account first when none is active', async () => {
    active = null;
    await expect(handlers['fulfillments.totals']({})).rejects.toMatchObject({ code: 'no_account' });
  });
});
