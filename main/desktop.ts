// Desktop integration without Electron: a notification per sale that opens the sale, the
// undelivered count as the dock/taskbar badge, and the window's size and position. The
// Electron objects are handed in by main/index.ts, so all of this runs under Node in tests.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import {
  unwrap,
  type EventName,
  type Events,
  type Fulfillment,
  type MethodInput,
  type MethodName,
  type MethodResult,
  type Settings,
} from '../preload/contract';
import { formatMoney } from '../preload/money';
import type { CheckoutConsole } from './console';

// ---------- notifications and badge ----------

export interface NotificationLike {
  on(event: 'click', listener: () => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  show(): void;
}
export type Notify = (options: { title: string; body: string }) => NotificationLike;

export interface DesktopDeps {
  console: Pick<CheckoutConsole, 'call' | 'on'>;
  /** Sends an event to the renderer through the console's bus. */
  emit<E extends EventName>(name: E, payload: Events[E]): void;
  /** Null where the OS has no notifications. */
  notify: Notify | null;
  setBadgeCount(count: number): void;
  /**
   * Restores and focuses the app window. A window re-created for the click resolves once its
   * page is showing, so the "open this sale" event is not sent to a page not yet listening.
   */
  showWindow(): void | Promise<void>;
  now?: () => Date;
}

/** Sales older than this are history being synced, not news worth a notification. */
export const NOTIFY_WITHIN_MS = 30 * 60_000;
/** More new sales than this at once (a sync after a night offline) make one summary. */
export const SUMMARY_AFTER = 3;

function amountText(sale: Fulfillment): string {
  try {
    return formatMoney(sale.amount, sale.currency);
  } catch {
    return `${sale.amount} ${sale.currency}`;
  }
}

/** "€15.00 from john@doe.com — Unicorn" */
export function saleNotificationText(sale: Fulfillment): { title: string; body: string } {
  const who = sale.customerEmail || sale.customerName || 'a customer';
  const names = sale.products.map((p) => p.name ?? p.code).filter((n) => n !== '');
  const what = names.length > 0 ? names.join(', ') : sale.description;
  return {
    title: 'New sale',
    body: `${amountText(sale)} from ${who}${what ? ` — ${what}` : ''}`,
  };
}

export interface Desktop {
  /** Re-reads the undelivered count into the badge. */
  refreshBadge(): Promise<void>;
  /** Resolves once every change heard so far has been announced and badged. */
  whenIdle(): Promise<void>;
  stop(): void;
}

export function startDesktop(deps: DesktopDeps): Desktop {
  const now = deps.now ?? (() => new Date());
  // Each sale is announced once per run, however often it changes afterwards.
  const announced = new Set<number>();
  // Electron drops the click handler of a notification that was garbage collected.
  const showing = new Set<NotificationLike>();
  let stopped = false;

  async function call<N extends MethodName>(name: N, input: MethodInput<N>) {
    return unwrap(await deps.console.call(name, input)) as MethodResult<N>;
  }

  async function refreshBadge(): Promise<void> {
    let count = 0;
    try {
      count = (await call('fulfillments.list', { status: 'new', limit: 1 })).total;
    } catch {
      count = 0; // no account (or no ledger yet): nothing waits to be delivered
    }
    if (!stopped) deps.setBadgeCount(count);
  }

  function show(text: { title: string; body: string }, focusId: number): void {
    if (!deps.notify) return;
    const notification = deps.notify(text);
    showing.add(notification);
    notification.on('click', () => {
      showing.delete(notification);
      void Promise.resolve(deps.showWindow())
        .catch(() => undefined)
        .then(() => deps.emit('desk.focusFulfillment', { id: focusId }));
    });
    notification.on('close', () => showing.delete(notification));
    notification.show();
  }

  async function announce(ids: number[]): Promise<void> {
    const fresh = ids.filter((id) => !announced.has(id));
    for (const id of fresh) announced.add(id);
    if (fresh.length === 0 || !deps.notify) return;
    const settings = await call('settings.get', {}).catch((): Settings | null => null);
    if (!settings?.notifications) return;
    const sales: Fulfillment[] = [];
    for (const id of fresh) {
      const sale = await call('fulfillments.get', { id }).catch(() => null);
      const age = sale ? now().getTime() - Date.parse(sale.receivedAt) : Infinity;
      if (sale && sale.status === 'new' && age <= NOTIFY_WITHIN_MS) sales.push(sale);
    }
    if (stopped || sales.length === 0) return;
    if (sales.length > SUMMARY_AFTER) {
      const newest = sales.reduce((a, b) => (b.receivedAt > a.receivedAt ? b : a));
      show(
        { title: `${sales.length} new sales`, body: 'Open Checkout Console to deliver them.' },
        newest.id,
      );
      return;
    }
    for (const sale of sales) show(saleNotificationText(sale), sale.id);
  }

  // One change at a time, in the order heard: the badge never goes back to an older count.
  let queue: Promise<void> = Promise.resolve();
  const enqueue = (work: () => Promise<void>): void => {
    queue = queue.then(work).catch(() => undefined);
  };
  const offChanged = deps.console.on('fulfillments.changed', ({ ids }) => {
    enqueue(() => announce(ids));
    enqueue(refreshBadge);
  });
  const offAccounts = deps.console.on('accounts.changed', () => enqueue(refreshBadge));
  enqueue(refreshBadge);

  return {
    refreshBadge,
    whenIdle: () => queue,
    stop() {
      stopped = true;
      offChanged();
      offAccounts();
      showing.clear();
    },
  };
}

// ---------- window size and position ----------

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}
export interface WindowState {
  bounds: Rect;
  maximized: boolean;
}
export interface WindowPlacement {
  /** x/y are absent when the window should be centred on the primary display. */
  bounds: Partial<Pick<Rect, 'x' | 'y'>> & Pick<Rect, 'width' | 'height'>;
  maximized: boolean;
}

export const WINDOW_STATE_FILE = 'window-state.json';
const DEFAULT_SIZE = { width: 1280, height: 800 };
const MIN_SIZE = { width: 900, height: 700 };
/** How much of the title bar must sit on a display for the window to count as reachable. */
const GRIP = { width: 120, height: 40 };

const rect = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
});
const windowStateSchema = z.object({ bounds: rect, maximized: z.boolean() });

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return { width: Math.max(0, width), height: Math.max(0, height) };
}

/**
 * Where to open the window: the saved place if its title bar is still on a display (the
 * monitor may be gone, or the resolution smaller), else centred at a size that fits.
 */
export function placeWindow(saved: unknown, workAreas: readonly Rect[]): WindowPlacement {
  const parsed = windowStateSchema.safeParse(saved);
  const primary = workAreas[0];
  const fit = (size: { width: number; height: number }, area: Rect | undefined) => ({
    width: Math.max(MIN_SIZE.width, area ? Math.min(size.width, area.width) : size.width),
    height: Math.max(MIN_SIZE.height, area ? Math.min(size.height, area.height) : size.height),
  });
  if (!parsed.success) return { bounds: fit(DEFAULT_SIZE, primary), maximized: false };
  const { bounds, maximized } = parsed.data;
  const titleBar: Rect = { x: bounds.x, y: bounds.y, width: bounds.width, height: GRIP.height };
  const home = workAreas.find((area) => {
    const o = overlap(titleBar, area);
    return o.width >= Math.min(GRIP.width, bounds.width) && o.height >= GRIP.height;
  });
  if (!home) return { bounds: fit(bounds, primary), maximized };
  const size = fit(bounds, home);
  // Keep the top-left corner on the display so the title bar stays grabbable.
  const x = Math.min(
    Math.max(bounds.x, home.x),
    home.x + home.width - Math.min(size.width, home.width),
  );
  const y = Math.min(
    Math.max(bounds.y, home.y),
    home.y + home.height - Math.min(size.height, home.height),
  );
  return { bounds: { x, y, ...size }, maximized };
}

export function readWindowState(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null; // first run, or a damaged file: open at the default place
  }
}

export function writeWindowState(file: string, state: WindowState): void {
  try {
    writeFileSync(file, JSON.stringify(state));
  } catch {
    // Remembering the window is a nicety; a read-only data folder must not break quitting.
  }
}

// ---------- saving an export ----------

export interface SaveDialogLike {
  showSaveDialog(options: {
    title: string;
    defaultPath: string;
    filters: Array<{ name: string; extensions: string[] }>;
  }): Promise<{ canceled: boolean; filePath?: string | undefined }>;
}

/** The console's saveFile for the app: ask where, then write; null when cancelled. */
export function saveThroughDialog(
  dialog: SaveDialogLike,
  folder: () => string,
  write: (path: string, content: string) => Promise<void>,
): (suggestedName: string, content: string) => Promise<string | null> {
  return async (suggestedName, content) => {
    const choice = await dialog.showSaveDialog({
      title: 'Export CSV',
      defaultPath: join(folder(), suggestedName),
      filters: [{ name: 'CSV', extensions: ['csv'] }],
    });
    if (choice.canceled || !choice.filePath) return null;
    await write(choice.filePath, content);
    return choice.filePath;
  };
}

export interface PlacedWindow {
  on(event: 'close' | 'resize' | 'move', listener: () => void): unknown;
  getNormalBounds(): Rect;
  isMaximized(): boolean;
}

/**
 * Saves the window's place when it closes, and shortly after it is moved or resized, so a
 * crash or a forced quit still reopens it where the merchant left it.
 */
export function rememberWindowState(window: PlacedWindow, file: string, settleMs = 1000): void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  // The normal (unmaximised) bounds, so a maximised window restores to its old size.
  const save = (): void =>
    writeWindowState(file, { bounds: window.getNormalBounds(), maximized: window.isMaximized() });
  const later = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      save();
    }, settleMs);
    timer.unref?.();
  };
  window.on('resize', later);
  window.on('move', later);
  window.on('close', () => {
    if (timer) clearTimeout(timer);
    timer = null;
    save();
  });
}
