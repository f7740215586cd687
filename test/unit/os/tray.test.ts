// The tray under Node: which icon, tooltip and menu each state gives, the icons as real PNGs,
// and the runner that keeps the state from the console's events.
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import {
  initialTrayState,
  startTrayRunner,
  trayIcon,
  trayIconPngs,
  trayMenu,
  trayTooltip,
  type TrayIconName,
  type TrayState,
  type TrayView,
} from '../../../main/os';
import type { Fulfillment, LiveStatus, Settings } from '../../../preload/contract';
import { fakeOsConsole } from '../../support/fake-os-console';
import { saleFixture } from '../../support/fulfillment-fixture';

const NOW = new Date('2026-11-28T12:00:00.000Z');

function live(
  over: {
    receiver?: 'listening' | 'stopped' | 'error';
    tunnel?: LiveStatus['tunnel']['state'];
  } = {},
): LiveStatus {
  return {
    receiver: { state: over.receiver ?? 'listening', port: 4000, error: null },
    tunnel: { state: over.tunnel ?? 'online', publicUrl: 'https://acme.loca.lt', error: null },
    webhook: { state: 'registered', id: 7, url: 'https://acme.loca.lt/hooks/x', error: null },
    lastEventAt: null,
    lastSyncAt: null,
  };
}

const state = (over: Partial<TrayState>): TrayState => ({
  ...initialTrayState,
  live: live(),
  undelivered: 0,
  ...over,
});

const sale = (id: number, over: Partial<Fulfillment> = {}): Fulfillment =>
  saleFixture({ id, ...over });

describe('the tray icon', () => {
  it('is normal while receiving, and shows a new sale until the window is shown', () => {
    expect(trayIcon(state({}))).toBe('normal');
    expect(trayIcon(state({ unseenSales: 2 }))).toBe('new-sale');
  });

  it('shows the receiver or the tunnel down before any new sale', () => {
    for (const down of [
      live({ receiver: 'error' }),
      live({ receiver: 'stopped' }),
      live({ tunnel: 'reconnecting' }),
      live({ tunnel: 'error' }),
    ]) {
      expect(trayIcon(state({ live: down, unseenSales: 1 }))).toBe('receiver-down');
    }
  });

  it('says "Starting", not "Receiving sales", while the tunnel opens or the webhook registers', () => {
    const starting: LiveStatus[] = [
      live({ tunnel: 'connecting' }),
      { ...live(), webhook: { state: 'registering', id: null, url: null, error: null } },
      { ...live(), webhook: { state: 'none', id: null, url: null, error: null } },
    ];
    for (const status of starting) {
      expect(trayTooltip(state({ live: status }))).toBe(
        'Checkout Console: Starting · Nothing to deliver',
      );
      expect(trayIcon(state({ live: status }))).toBe('normal');
    }
    expect(trayTooltip(state({}))).toBe('Checkout Console: Receiving sales · Nothing to deliver');
  });

  it('does not say "Receiving sales" while Quaderno has refused the webhook, as the page does not', () => {
    const refused: LiveStatus = {
      ...live(),
      webhook: { state: 'error', id: null, url: 'https://acme.loca.lt/hooks/x', error: '422' },
    };
    expect(trayIcon(state({ live: refused }))).toBe('receiver-down');
    expect(trayTooltip(state({ live: refused }))).toBe(
      'Checkout Console: Not receiving sales: Quaderno refused the webhook · Nothing to deliver',
    );
    const unusable: LiveStatus = {
      ...live(),
      webhook: { state: 'error', id: null, url: null, error: 'not https' },
    };
    expect(trayTooltip(state({ live: unusable }))).toBe(
      'Checkout Console: Not receiving sales: the public URL cannot be used · Nothing to deliver',
    );
  });

  it('shows offline first: the tunnel cannot come back before the network does', () => {
    expect(trayIcon(state({ online: false, live: live({ tunnel: 'reconnecting' }) }))).toBe(
      'offline',
    );
  });
});

describe('the tooltip and the menu', () => {
  it('say in words what the icon shows and what is left to deliver', () => {
    expect(trayTooltip(state({ unseenSales: 2, undelivered: 3 }))).toBe(
      'Checkout Console: 2 new sales · 3 to deliver',
    );
    expect(trayTooltip(state({ live: live({ tunnel: 'reconnecting' }) }))).toBe(
      'Checkout Console: Not receiving sales: the tunnel is reconnecting · Nothing to deliver',
    );
    expect(trayTooltip(state({ online: false, undelivered: null }))).toBe(
      'Checkout Console: Offline: Quaderno cannot be reached',
    );
  });

  it("lists today's revenue per currency, the count to deliver, then New link, Open and Quit", () => {
    const menu = trayMenu(
      state({
        undelivered: 4,
        today: [
          { currency: 'EUR', amount: 12000, count: 3 },
          { currency: 'JPY', amount: 500, count: 1 },
        ],
      }),
    );
    expect(menu).toEqual([
      { kind: 'info', label: 'Receiving sales' },
      { kind: 'info', label: 'Today €120.00 (3 sales)' },
      { kind: 'info', label: 'Today ¥500 (1 sale)' },
      { kind: 'info', label: '4 to deliver' },
      { kind: 'separator' },
      { kind: 'action', label: 'New link…', action: 'new-link' },
      { kind: 'action', label: 'Open Checkout Console', action: 'open' },
      { kind: 'separator' },
      { kind: 'action', label: 'Quit Checkout Console', action: 'quit' },
    ]);
  });

  it('says there were no sales today rather than showing nothing', () => {
    expect(trayMenu(state({}))).toContainEqual({ kind: 'info', label: 'No sales today' });
  });
});

describe('the tray icons', () => {
  it('are 16 and 32 pixel PNGs that differ per state', () => {
    const names: TrayIconName[] = ['normal', 'new-sale', 'receiver-down', 'offline'];
    const seen = new Set<string>();
    for (const name of names) {
      const { x1, x2 } = trayIconPngs(name);
      const small = PNG.sync.read(x1);
      const large = PNG.sync.read(x2);
      expect([small.width, small.height, large.width, large.height]).toEqual([16, 16, 32, 32]);
      // Transparent corners, an opaque edge of the disc: drawn, not a blank square.
      expect(small.data[3]).toBe(0);
      expect(large.data[(16 * 32 + 1) * 4 + 3]).toBeGreaterThan(200);
      seen.add(large.data.toString('base64'));
    }
    expect(seen.size).toBe(names.length);
  });
});

function runner(sales: Fulfillment[], inFront = false) {
  const views: TrayView[] = [];
  const totalsAsked: unknown[] = [];
  const fake = fakeOsConsole({
    'live.status': async () => live(),
    'app.connectivity': async () => ({ online: true, reason: null }),
    'fulfillments.get': async ({ id }) => {
      const found = sales.find((s) => s.id === id);
      if (!found) throw new Error('gone');
      return found;
    },
    'fulfillments.totals': async (input) => {
      totalsAsked.push(input);
      return totalsOf(sales);
    },
    'fulfillments.undelivered': async () => ({
      count: sales.filter((s) => s.status === 'new').length,
    }),
    'settings.get': async () => ({}) as Settings,
  });
  const tray = startTrayRunner({
    console: fake.console,
    render: (view) => views.push(view),
    windowInFront: () => inFront,
    now: () => NOW,
  });
  return { tray, views, emit: fake.emit, totalsAsked };
}

function totalsOf(sales: Fulfillment[]) {
  return {
    todayFrom: '2026-11-28T00:00:00.000Z',
    today:
      sales.length === 0
        ? []
        : [
            {
              currency: 'EUR',
              amount: sales.reduce((a, s) => a + s.amount, 0),
              count: sales.length,
            },
          ],
    days7: [],
    days30: [],
  };
}

describe('the tray runner', () => {
  it("asks for today's total in this machine's time zone, so a clock-change day starts at its own midnight", async () => {
    const { tray, totalsAsked } = runner([sale(1)]);
    await tray.whenIdle();
    expect(totalsAsked.length).toBeGreaterThan(0);
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    for (const input of totalsAsked) expect(input).toEqual({ timeZone: zone });
    tray.stop();
  });

  it('counts a new sale heard while the window is hidden until it is shown again', async () => {
    const sales = [sale(1)];
    const { tray, views, emit } = runner(sales);
    await tray.whenIdle();
    expect(views.at(-1)?.icon).toBe('normal');

    sales.push(sale(2));
    emit('fulfillments.changed', { ids: [2] });
    await tray.whenIdle();
    expect(views.at(-1)).toMatchObject({
      icon: 'new-sale',
      tooltip: 'Checkout Console: 1 new sale · 2 to deliver',
    });
    expect(views.at(-1)?.menu).toContainEqual({ kind: 'info', label: 'Today €30.00 (2 sales)' });

    // The same sale changing again (a note, a delivery) is not a second new sale.
    emit('fulfillments.changed', { ids: [2] });
    await tray.whenIdle();
    expect(tray.state().unseenSales).toBe(1);

    tray.windowShown();
    expect(views.at(-1)?.icon).toBe('normal');
    tray.stop();
  });

  it('does not count sales the merchant watched arrive, nor old or delivered ones', async () => {
    const sales = [sale(1)];
    const watching = runner(sales, true);
    watching.emit('fulfillments.changed', { ids: [1] });
    await watching.tray.whenIdle();
    expect(watching.tray.state().unseenSales).toBe(0);

    const synced = [
      sale(3, { receivedAt: '2026-11-27T09:00:00.000Z' }),
      sale(4, { status: 'fulfilled' }),
    ];
    const away = runner(synced);
    away.emit('fulfillments.changed', { ids: [3, 4] });
    await away.tray.whenIdle();
    expect(away.tray.state().unseenSales).toBe(0);
  });

  it("re-reads today's revenue when asked, as the keeper does every few minutes", async () => {
    const sales = [sale(1)];
    const { tray, views } = runner(sales);
    await tray.whenIdle();
    expect(views.at(-1)?.menu).toContainEqual({ kind: 'info', label: 'Today €15.00 (1 sale)' });
    sales.length = 0; // midnight: yesterday's sale is no longer today's
    tray.refresh();
    await tray.whenIdle();
    expect(views.at(-1)?.menu).toContainEqual({ kind: 'info', label: 'No sales today' });
  });

  it('follows the receiver and the connection, drawing only what changed', async () => {
    const { tray, views, emit } = runner([]);
    await tray.whenIdle();
    const before = views.length;
    emit('receiver.status', live({ tunnel: 'reconnecting' }));
    expect(views.at(-1)?.icon).toBe('receiver-down');
    emit('connectivity.changed', { online: false, reason: 'timeout' });
    expect(views.at(-1)?.icon).toBe('offline');
    emit('connectivity.changed', { online: false, reason: 'timeout' });
    expect(views.length).toBe(before + 2);
    emit('connectivity.changed', { online: true, reason: null });
    emit('receiver.status', live());
    expect(views.at(-1)?.icon).toBe('normal');
  });
});
