// Desktop logic under Node: what a sale notification says, when it appears, what a click
// does, the badge, and where the window reopens.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import {
  placeWindow,
  readWindowState,
  rememberWindowState,
  saleNotificationText,
  startDesktop,
  type DesktopDeps,
  type NotificationLike,
} from '../../../main/os';
import { dispatch, valueOrThrow, type Handlers } from '../../../main/dispatch';
import { ConsoleError } from '../../../main/errors';
import {
  methodNames,
  type EventName,
  type Events,
  type Fulfillment,
  type Settings,
} from '../../../preload/contract';
import { saleFixture } from '../../support/fulfillment-fixture';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir();

const NOW = new Date('2026-11-28T12:00:00.000Z');

/** The sale these tests notify: a named customer buying a Unicorn two seconds before NOW. */
function sale(overrides: Partial<Fulfillment> = {}): Fulfillment {
  return saleFixture({
    customerName: 'John Doe',
    products: [{ code: 'prod_unicorn', name: 'Unicorn' }],
    receivedAt: '2026-11-28T11:59:58.000Z',
    ...overrides,
  });
}

class RecordedNotification extends EventEmitter implements NotificationLike {
  shown = false;
  constructor(readonly text: { title: string; body: string }) {
    super();
  }
  show(): void {
    this.shown = true;
  }
}

/** A console over real contract validation whose ledger is a plain array. */
/** `delivering`: ids of sales a delivery rule is still trying to deliver (main does not count them). */
function harness(
  sales: Fulfillment[],
  settings: Partial<Settings> = {},
  delivering = new Set<number>(),
) {
  const bus = new EventEmitter();
  const notifications: RecordedNotification[] = [];
  const badge: number[] = [];
  const emitted: Array<{ name: EventName; payload: unknown }> = [];
  let windowShown = 0;
  const notHere = async (): Promise<never> => {
    throw new ConsoleError('internal', 'not in this fake');
  };
  const handlers = {
    ...(Object.fromEntries(methodNames.map((n) => [n, notHere])) as unknown as Handlers),
    'settings.get': async () => ({ notifications: true, ...settings }) as Settings,
    'fulfillments.get': async ({ id }) => {
      const found = sales.find((s) => s.id === id);
      if (!found) throw new ConsoleError('not_found', 'gone');
      return found;
    },
    'fulfillments.undelivered': async () => ({
      count: sales.filter((s) => s.status === 'new' && !delivering.has(s.id)).length,
    }),
  } satisfies Handlers;
  const deps: DesktopDeps = {
    console: {
      invoke: async (name, input) => valueOrThrow(await dispatch(handlers, name, input)),
      on(name, listener) {
        bus.on(name, listener);
        return () => bus.off(name, listener);
      },
    },
    emit: (name, payload) => emitted.push({ name, payload }),
    notify: (text) => {
      const n = new RecordedNotification(text);
      notifications.push(n);
      return n;
    },
    setBadgeCount: (count) => badge.push(count),
    showWindow: () => {
      windowShown += 1;
    },
    now: () => NOW,
  };
  const desktop = startDesktop(deps);
  const changed = (payload: Events['fulfillments.changed']) =>
    bus.emit('fulfillments.changed', payload);
  const jobChanged = (payload: Events['jobs.changed']) => bus.emit('jobs.changed', payload);
  return {
    desktop,
    notifications,
    badge,
    emitted,
    changed,
    jobChanged,
    windowShown: () => windowShown,
  };
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
}

describe('sale notifications', () => {
  it('reads "€15.00 from john@doe.com — Unicorn"', () => {
    expect(saleNotificationText(sale())).toEqual({
      title: 'New sale',
      body: '€15.00 from john@doe.com — Unicorn',
    });
  });

  it('shows yen without decimals and falls back to the name and description', () => {
    const text = saleNotificationText(
      sale({
        amount: 500,
        currency: 'JPY',
        customerEmail: null,
        products: [],
        description: 'Sticker pack',
      }),
    );
    expect(text.body).toBe('¥500 from John Doe — Sticker pack');
  });

  it('appears for a new sale and, when clicked, brings the window up on that sale', async () => {
    const h = harness([sale({ id: 7 })]);
    h.changed({ ids: [7] });
    await until(() => h.notifications.length === 1);
    const [n] = h.notifications;
    expect(n?.shown).toBe(true);
    n?.emit('click');
    expect(h.windowShown()).toBe(1);
    await until(() => h.emitted.length > 0);
    expect(h.emitted).toEqual([{ name: 'desk.focusFulfillment', payload: { id: 7 } }]);
    h.desktop.stop();
  });

  it('announces a sale once, not again when it is marked fulfilled or enriched', async () => {
    const sales = [sale({ id: 7 })];
    const h = harness(sales);
    h.changed({ ids: [7] });
    await until(() => h.notifications.length === 1);
    h.changed({ ids: [7] });
    await h.desktop.whenIdle();
    expect(h.notifications).toHaveLength(1);
    h.desktop.stop();
  });

  it('stays quiet when notifications are off in Settings', async () => {
    const h = harness([sale({ id: 7 })], { notifications: false });
    h.changed({ ids: [7] });
    await h.desktop.whenIdle();
    expect(h.badge.at(-1)).toBe(1);
    expect(h.notifications).toHaveLength(0);
    h.desktop.stop();
  });

  it('does not announce old sales a sync just found, nor delivered ones', async () => {
    const h = harness([
      sale({ id: 1, receivedAt: '2026-11-20T10:00:00.000Z' }),
      sale({ id: 2, status: 'fulfilled' }),
    ]);
    h.changed({ ids: [1, 2] });
    await h.desktop.whenIdle();
    expect(h.notifications).toHaveLength(0);
    h.desktop.stop();
  });

  it('sums up a burst of sales in one notification that opens the newest', async () => {
    const burst = [1, 2, 3, 4, 5].map((id) =>
      sale({ id, receivedAt: `2026-11-28T11:5${id}:00.000Z` }),
    );
    const h = harness(burst);
    h.changed({ ids: [1, 2, 3, 4, 5] });
    await until(() => h.notifications.length === 1);
    await h.desktop.whenIdle();
    expect(h.notifications).toHaveLength(1);
    expect(h.notifications[0]?.text.title).toBe('5 new sales');
    h.notifications[0]?.emit('click');
    await until(() => h.emitted.length > 0);
    expect(h.emitted).toEqual([{ name: 'desk.focusFulfillment', payload: { id: 5 } }]);
    h.desktop.stop();
  });
});

describe('badge', () => {
  it('shows the undelivered count at start and after every change', async () => {
    const sales = [sale({ id: 1 }), sale({ id: 2 }), sale({ id: 3, status: 'fulfilled' })];
    const h = harness(sales);
    await until(() => h.badge.at(-1) === 2);
    sales[0] = sale({ id: 1, status: 'fulfilled' });
    h.changed({ ids: [1] });
    await until(() => h.badge.at(-1) === 1);
    h.desktop.stop();
  });

  it('counts again when a delivery rule gives a sale back to the merchant', async () => {
    const sales = [sale({ id: 1 }), sale({ id: 2 })];
    const delivering = new Set([2]);
    const h = harness(sales, {}, delivering);
    await until(() => h.badge.at(-1) === 1);
    delivering.delete(2);
    h.jobChanged({ saleId: 2, jobId: 5, status: 'needs_attention' });
    await until(() => h.badge.at(-1) === 2);
    h.desktop.stop();
  });
});

describe('window placement', () => {
  const laptop = { x: 0, y: 0, width: 1440, height: 860 };
  const monitor = { x: 1440, y: 0, width: 2560, height: 1400 };

  it('opens at the default size, centred, the first time', () => {
    expect(placeWindow(null, [laptop])).toEqual({
      bounds: { width: 1280, height: 800 },
      maximized: false,
    });
  });

  it('reopens where it was left, on the second monitor too', () => {
    const saved = { bounds: { x: 1600, y: 100, width: 1500, height: 1000 }, maximized: true };
    expect(placeWindow(saved, [laptop, monitor])).toEqual(saved);
  });

  it('comes back onto the laptop when the monitor it was on is unplugged', () => {
    const saved = { bounds: { x: 1600, y: 100, width: 2000, height: 1200 }, maximized: false };
    expect(placeWindow(saved, [laptop])).toEqual({
      bounds: { width: 1440, height: 860 },
      maximized: false,
    });
  });

  it('centres a window whose title bar sits above the screen', () => {
    const saved = { bounds: { x: 100, y: -20, width: 1000, height: 760 }, maximized: false };
    // Only 20px of the title bar would show: not enough to grab, so it is centred.
    expect(placeWindow(saved, [laptop]).bounds).toEqual({ width: 1000, height: 760 });
  });

  it('never opens below the minimum size, and ignores a damaged state file', () => {
    const tiny = { bounds: { x: 10, y: 10, width: 200, height: 100 }, maximized: false };
    expect(placeWindow(tiny, [laptop]).bounds).toEqual({ x: 10, y: 10, width: 900, height: 700 });
    expect(placeWindow({ bounds: 'nope' }, [laptop]).bounds).toEqual({ width: 1280, height: 800 });
  });

  it('remembers a move shortly after it, so a forced quit still reopens it there', async () => {
    const window = Object.assign(new EventEmitter(), {
      bounds: { x: 40, y: 30, width: 1000, height: 720 },
      getNormalBounds() {
        return this.bounds;
      },
      isMaximized: () => false,
    });
    const file = tmp.file('window-state.json');
    rememberWindowState(window, file, 10);
    window.bounds = { x: 300, y: 200, width: 1000, height: 720 };
    window.emit('move');
    await until(() => existsSync(file));
    expect(readWindowState(file)).toEqual({ bounds: window.bounds, maximized: false });
    window.bounds = { x: 310, y: 210, width: 1200, height: 760 };
    window.emit('close');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ bounds: window.bounds });
  });

  it('opens at the default place when the state file is larger than any it writes', () => {
    // A state file is a few dozen bytes; one grown by mistake (or a link to a log) was read
    // whole into memory at every window open.
    const file = tmp.file('window-state-large.json');
    const state = JSON.stringify({ bounds: { x: 1, y: 2, width: 900, height: 700 } });
    writeFileSync(file, state + ' '.repeat(64 * 1024));
    expect(readWindowState(file)).toBeNull();
    writeFileSync(file, state + ' '.repeat(1000));
    expect(readWindowState(file)).toEqual(JSON.parse(state));
    expect(readWindowState(tmp.path)).toBeNull(); // a folder, not a file
  });
});
