// Sale notifications and the dock/taskbar badge without Electron: a notification per sale
// that opens the sale, and the undelivered count as the badge. main/index.ts hands in the
// Electron pieces, so all of this runs under Node in tests.
import { productLine, type Emit, type Fulfillment, type Settings } from '../../preload/contract';
import { formatMoney } from '../../preload/money';
import type { CheckoutConsole } from '../console';

export interface NotificationLike {
  on(event: 'click', listener: () => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  show(): void;
}
export type Notify = (options: { title: string; body: string }) => NotificationLike;

export interface DesktopDeps {
  console: Pick<CheckoutConsole, 'invoke' | 'on'>;
  /** Sends an event to the renderer through the console's bus. */
  emit: Emit;
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
  const names = sale.products.map(productLine).filter((n) => n !== '');
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

  async function refreshBadge(): Promise<void> {
    let count = 0;
    try {
      count = (await deps.console.invoke('fulfillments.undelivered', {})).count;
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
    const settings = await deps.console
      .invoke('settings.get', {})
      .catch((): Settings | null => null);
    if (!settings?.notifications) return;
    const sales: Fulfillment[] = [];
    for (const id of fresh) {
      const sale = await deps.console.invoke('fulfillments.get', { id }).catch(() => null);
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
  // A delivery that gives up hands its sale back to the merchant: the count grows.
  const offJobs = deps.console.on('jobs.changed', () => enqueue(refreshBadge));
  enqueue(refreshBadge);

  return {
    refreshBadge,
    whenIdle: () => queue,
    stop() {
      stopped = true;
      offChanged();
      offAccounts();
      offJobs();
      showing.clear();
    },
  };
}
