// A console double for the desk's component tests: an in-memory sales ledger
// behind the real contract validation (main/dispatch.ts), so filters, search,
// paging, totals and actions behave like the real thing without the services.
import {
  methodNames,
  type ActivityItem,
  type EventName,
  type Events,
  type Fulfillment,
  type LiveStatus,
  type Settings,
} from '../../../preload/contract';
import { dispatch, type Handlers } from '../../../main/dispatch';
import { ConsoleError } from '../../../main/errors';
import { notFound } from '../../../main/store';
import { DEFAULT_SETTINGS } from '../../../main/settings';
import type { BridgedConsole } from '../../support/http-bridge';
import { fakeEvents, signedInHandlers } from './fake-console';

export interface DeskFake extends BridgedConsole {
  sales: Fulfillment[];
  activity: ActivityItem[];
  settings: Settings;
  status: LiveStatus;
  /** What `app.connectivity` answers: main's view of Quaderno when the window asks. */
  connectivity: Events['connectivity.changed'];
  calls: Array<{ name: string; input: unknown }>;
  /** What `desk.takeFocus` answers once (a notification clicked before the window existed). */
  pendingFocus: number | null;
  /** Makes the named methods fail with this message until cleared. */
  failing: Map<string, string>;
  emit<E extends EventName>(name: E, payload: Events[E]): void;
  /** Adds a sale as the receiver would (newest), returns it. */
  addSale(patch?: Partial<Fulfillment>): Fulfillment;
  /**
   * Holds the screen's fulfillments.list answers until the returned function is called (not the
   * status line's one-row read: held, each would keep one of the page's few connections).
   */
  holdList(): () => void;
}

const HOUR = 3_600_000;

export function makeSale(id: number, at: number, patch: Partial<Fulfillment> = {}): Fulfillment {
  const currencies = ['EUR', 'USD', 'JPY'] as const;
  const currency = currencies[id % 3] ?? 'EUR';
  return {
    id,
    sessionId: 9000 + id,
    permalink: `https://sandbox.test/checkout/session/${9000 + id}`,
    customerEmail: `customer${id}@example.com`,
    customerName: `Customer ${id}`,
    products: [
      {
        code: `P${id % 5}`,
        name: ['Unicorn', 'Dragon', 'Phoenix', 'Griffin', 'Kraken'][id % 5] ?? null,
      },
    ],
    description: null,
    amount: currency === 'JPY' ? 1500 + id : 1500 + id * 10,
    currency,
    taxName: 'VAT',
    taxRate: 21,
    transactionId: `ch_${id}`,
    gateway: 'stripe',
    source: id % 4 === 0 ? 'sync' : 'webhook',
    amountSource: id % 4 === 0 ? 'session_items' : 'webhook',
    taxIncluded: id % 4 === 0 ? null : true,
    signatureWarning: false,
    eventId: id % 4 === 0 ? null : id,
    status: id % 2 === 0 ? 'fulfilled' : 'new',
    receivedAt: new Date(at).toISOString(),
    fulfilledAt: id % 2 === 0 ? new Date(at + HOUR).toISOString() : null,
    note: null,
    ...patch,
  };
}

/** `count` sales, one per hour going back from now (id 1 is the oldest). */
export function makeSales(count: number, now = Date.now()): Fulfillment[] {
  const sales: Fulfillment[] = [];
  for (let i = 1; i <= count; i += 1) sales.push(makeSale(i, now - (count - i) * HOUR));
  return sales;
}

function matches(f: Fulfillment, search: string): boolean {
  const q = search.toLowerCase();
  return (
    (f.customerEmail ?? '').toLowerCase().includes(q) ||
    (f.customerName ?? '').toLowerCase().includes(q) ||
    f.products.some((p) => (p.name ?? p.code).toLowerCase().includes(q)) ||
    String(f.sessionId) === q
  );
}

// Net of refunds, the refunded amount beside it when there is one, as main's totals are.
function sumBy(sales: Fulfillment[]) {
  const by = new Map<
    string,
    { currency: string; amount: number; count: number; refunded?: number }
  >();
  for (const s of sales) {
    const t = by.get(s.currency) ?? { currency: s.currency, amount: 0, count: 0 };
    t.amount += s.amount - (s.refundedAmount ?? 0);
    t.count += 1;
    if (s.refundedAmount) t.refunded = (t.refunded ?? 0) + s.refundedAmount;
    by.set(s.currency, t);
  }
  return [...by.values()].sort((a, b) => b.amount - a.amount);
}

/** A sale as main's methods other than fulfillments.list give it: with no delivery state. */
function withoutDelivery({ delivery: _delivery, ...sale }: Fulfillment): Fulfillment {
  return sale;
}

export function createDeskFake(options: { sales?: Fulfillment[] } = {}): DeskFake {
  const sales = options.sales ?? [];
  const calls: DeskFake['calls'] = [];
  const failing = new Map<string, string>();
  const events = fakeEvents();
  const fake = {
    sales,
    activity: [] as ActivityItem[],
    settings: { ...DEFAULT_SETTINGS },
    status: {
      receiver: { state: 'listening', port: 43117, error: null },
      tunnel: { state: 'online', publicUrl: 'https://quiet-fox.loca.lt', error: null },
      webhook: {
        state: 'registered',
        id: 7,
        url: 'https://quiet-fox.loca.lt/hooks/abc',
        error: null,
      },
      lastEventAt: null,
      lastSyncAt: null,
    } as LiveStatus,
    connectivity: { online: true, reason: null } as Events['connectivity.changed'],
  };
  const state = {
    pendingFocus: null as number | null,
    listHeld: Promise.resolve() as Promise<void>,
  };
  const byId = (id: number) => {
    const sale = sales.find((s) => s.id === id);
    // Main's own words, so the page is seen showing what the merchant would read.
    if (!sale) throw notFound('sale', id);
    return sale;
  };
  const newestFirst = () =>
    [...sales].sort((a, b) => b.receivedAt.localeCompare(a.receivedAt) || b.id - a.id);

  const impl: Partial<Handlers> = {
    ...signedInHandlers,
    'settings.get': async () => fake.settings,
    'settings.update': async (patch) => {
      fake.settings = { ...fake.settings, ...patch } as Settings;
      return fake.settings;
    },
    'live.status': async () => fake.status,
    'app.connectivity': async () => fake.connectivity,
    'sync.run': async () => {
      const at = new Date().toISOString();
      return {
        startedAt: at,
        finishedAt: at,
        sessionsSeen: 0,
        sessionsUpdated: 0,
        fulfillmentsAdded: 0,
        webhookRecreated: false,
        apiCalls: 1,
      };
    },
    'fulfillments.list': async (q) => {
      if (q.limit !== 1) await state.listHeld;
      let rows = newestFirst();
      if (q.status) rows = rows.filter((f) => f.status === q.status);
      if (q.currency) rows = rows.filter((f) => f.currency === q.currency!.toUpperCase());
      if (q.from) rows = rows.filter((f) => f.receivedAt >= q.from!);
      if (q.to) rows = rows.filter((f) => f.receivedAt < q.to!);
      if (q.search) rows = rows.filter((f) => matches(f, q.search!));
      // As main: only a sale still to deliver says how its deliveries stand.
      const items = rows
        .slice(q.offset, q.offset + q.limit)
        .map((f) => (f.status === 'new' ? f : withoutDelivery(f)));
      return { items, total: rows.length };
    },
    'fulfillments.undelivered': async () => ({
      count: newestFirst().filter((f) => f.status === 'new').length,
    }),
    'fulfillments.get': async ({ id }) => withoutDelivery(byId(id)),
    // No delivery rules in the desk's ledger: a sale's detail lists no deliveries and no keys.
    'jobs.list': async () => ({ items: [], total: 0 }),
    'keys.forSale': async () => [],
    'rules.list': async () => [],
    'fulfillments.markFulfilled': async ({ id, note }) => {
      const sale = byId(id);
      Object.assign(sale, {
        status: 'fulfilled',
        fulfilledAt: new Date().toISOString(),
        note: note ?? null,
      });
      return withoutDelivery(sale);
    },
    'fulfillments.undo': async ({ id }) => {
      const sale = byId(id);
      // As main: the note stays, and a sale not marked fulfilled is left as it is.
      if (sale.status === 'fulfilled') Object.assign(sale, { status: 'new', fulfilledAt: null });
      return withoutDelivery(sale);
    },
    'fulfillments.totals': async () => {
      const now = Date.now();
      const since = (days: number) =>
        sumBy(sales.filter((s) => now - Date.parse(s.receivedAt) < days * 24 * HOUR));
      return {
        todayFrom: new Date(now).toISOString(),
        today: since(1),
        days7: since(7),
        days30: since(30),
      };
    },
    'fulfillments.chart': async () => {
      const days = [];
      for (let i = 29; i >= 0; i -= 1) {
        const day = new Date(Date.now() - i * 24 * HOUR).toISOString().slice(0, 10);
        const those = sales.filter((s) => s.receivedAt.slice(0, 10) === day);
        const amounts = Object.fromEntries(sumBy(those).map((t) => [t.currency, t.amount]));
        days.push({ date: day, amounts, count: those.length });
      }
      // As main orders them: most sales first, then by code. The order of first appearance
      // depended on the clock (near midnight UTC the three sales span two days).
      const count = new Map<string, number>();
      for (const d of days)
        for (const s of sales.filter((x) => x.receivedAt.slice(0, 10) === d.date))
          count.set(s.currency, (count.get(s.currency) ?? 0) + 1);
      const currencies = [...count.keys()].sort(
        (a, b) => (count.get(b) ?? 0) - (count.get(a) ?? 0) || a.localeCompare(b),
      );
      return { currencies, days };
    },
    'desk.takeFocus': async () => {
      const id = state.pendingFocus;
      state.pendingFocus = null;
      return { id };
    },
    'export.csv': async ({ what }) => ({
      path: `/home/merchant/${what}.csv`,
      rows: what === 'fulfillments' ? sales.length : 0,
    }),
    'activity.list': async (q) => {
      const rows = q.kind ? fake.activity.filter((a) => a.kind === q.kind) : fake.activity;
      return { items: rows.slice(q.offset, q.offset + q.limit), total: rows.length };
    },
    'events.get': async ({ id }) => ({
      id,
      receivedAt: new Date().toISOString(),
      eventType: 'checkout.succeeded',
      sessionId: 9000 + id,
      verification: 'valid',
      reason: null,
      processedAt: new Date().toISOString(),
      processError: null,
      fulfillmentId: id,
      canReprocess: false,
      body: JSON.stringify({
        event_type: 'checkout.succeeded',
        data: { id: 9000 + id, marker: 'raw-body-marker' },
      }),
      headers: { 'x-quaderno-signature': 'sig' },
    }),
    'events.reprocess': async ({ id }) => {
      const item = fake.activity.find((a) => a.kind === 'event' && a.event.id === id);
      if (!item || item.kind !== 'event') throw notFound('event');
      item.event = {
        ...item.event,
        processError: null,
        canReprocess: false,
        processedAt: new Date().toISOString(),
      };
      item.message = 'Event processed';
      return item.event;
    },
  };

  const handlers = Object.fromEntries(
    methodNames.map((name) => {
      const own = impl[name] as ((input: unknown) => Promise<unknown>) | undefined;
      return [
        name,
        async (input: unknown) => {
          calls.push({ name, input });
          const failure = failing.get(name);
          if (failure) throw new ConsoleError('offline', failure);
          if (!own) throw new ConsoleError('internal', 'Not part of this fake.');
          return own(input);
        },
      ];
    }),
  ) as unknown as Handlers;

  return {
    ...fake,
    get settings() {
      return fake.settings;
    },
    get status() {
      return fake.status;
    },
    set status(value: LiveStatus) {
      fake.status = value;
    },
    get connectivity() {
      return fake.connectivity;
    },
    set connectivity(value: Events['connectivity.changed']) {
      fake.connectivity = value;
    },
    get pendingFocus() {
      return state.pendingFocus;
    },
    set pendingFocus(id: number | null) {
      state.pendingFocus = id;
    },
    calls,
    failing,
    dispatch: (name, input) => dispatch(handlers, name, input),
    onAny: events.onAny,
    emit: events.emit,
    holdList() {
      let release = (): void => undefined;
      state.listHeld = new Promise<void>((resolve) => (release = resolve));
      return () => {
        state.listHeld = Promise.resolve();
        release();
      };
    },
    addSale(patch = {}) {
      const id = sales.reduce((max, s) => Math.max(max, s.id), 0) + 1;
      const sale = makeSale(id, Date.now(), { status: 'new', fulfilledAt: null, ...patch });
      sales.push(sale);
      return sale;
    },
  };
}
