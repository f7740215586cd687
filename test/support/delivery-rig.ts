// A delivery worker on a real store with one forward rule to a loopback sink, for the worker's
// tests: a sale recorded through the store gets its job as the app's would, the real forward
// action signs and posts it, and what the worker emitted is kept for assertions.
import type { RuleAction } from '../../preload/contract-delivery';
import type { SaleProduct } from '../../preload/contract-live';
import { createForwardAction } from '../../main/delivery/forward';
import {
  createDeliveryWorker,
  type DeliveryWorker,
  type DeliveryWorkerDeps,
  type WorkerEvents,
} from '../../main/delivery/worker';
import type { Store } from '../../main/store';
import { useCleanups } from './cleanups';
import { newFulfillment } from './sale-fixtures';
import { useTempDir } from './temp-dir';
import { useStoreWithAccount } from './test-store';

/** The secret every test forward rule signs with. */
export const FORWARD_SECRET = 'a-test-secret-of-24-chars';

export const EBOOK: SaleProduct = { code: 'ebook', name: 'Café Guide (ebook)', quantity: 1 };

export type Emitted = { [E in keyof WorkerEvents]: [E, WorkerEvents[E]] }[keyof WorkerEvents];

/** The real forward action, with every rule's secret FORWARD_SECRET. */
export const forwardAction = () =>
  createForwardAction({ secret: () => Promise.resolve(FORWARD_SECRET) });

/** A rule of the account, switched on (a forward to `url` unless `action` says otherwise). */
export function addRule(
  store: Store,
  accountId: number,
  over: { name?: string; action: RuleAction; productCode?: string; useLicenceKeys?: boolean },
) {
  return store.deliveryRules.add(accountId, {
    name: over.name ?? 'Shop backend',
    productCode: over.productCode ?? null,
    action: over.action,
    enabled: true,
    useLicenceKeys: over.useLicenceKeys ?? false,
  });
}

/** Records a paid sale for Jane Doe (its jobs are written with it); its id. */
export function recordSale(
  store: Store,
  accountId: number,
  sessionId: number,
  products: SaleProduct[] = [EBOOK],
): number {
  return store.fulfillments.record(
    accountId,
    newFulfillment({ sessionId, customerName: 'Jane Doe', products }),
  ).id;
}

export interface TestWorker {
  worker: DeliveryWorker;
  emitted: Emitted[];
}

/** A started worker on `store` whose events are recorded; the caller stops it. */
export function startTestWorker(
  store: Store,
  deps: Partial<Omit<DeliveryWorkerDeps, 'store' | 'emit'>> = {},
): TestWorker {
  const emitted: Emitted[] = [];
  const worker = createDeliveryWorker({
    store,
    actions: { forward: forwardAction() },
    emit: (name, payload) => emitted.push([name, payload] as Emitted),
    hasSecret: () => Promise.resolve(true),
    ...deps,
    // Retries come quickly in tests; the schedule itself is backoff.ts's.
    limits: { retryDelaysMs: [20, 40], idleMs: 200, ...deps.limits },
  });
  worker.start();
  return { worker, emitted };
}

/** Call at the top of a test file: `start()` starts a worker that is stopped after the test. */
export function useTestWorkers() {
  const { defer } = useCleanups();
  return (...args: Parameters<typeof startTestWorker>): TestWorker => {
    const w = startTestWorker(...args);
    defer(() => w.worker.stop());
    return w;
  };
}

/** The one job of a sale (one rule in these tests). */
export function jobOf(store: Store, accountId: number, saleId: number) {
  const [job] = store.deliveryJobs.list(accountId, { saleId, limit: 10, offset: 0 }).items;
  if (!job) throw new Error(`sale ${saleId} has no job`);
  return job;
}

/**
 * Call at the top of a worker test file: a fresh store with an account for each test, the
 * file's cleanups, workers stopped after the test, and `jobOf(saleId)` on that store.
 */
export function useDeliveryRig() {
  const db = useStoreWithAccount(useTempDir());
  const cleanups = useCleanups();
  const worker = useTestWorkers();
  const jobOfSale = (saleId: number) => jobOf(db.store, db.accountId, saleId);
  return { db, ...cleanups, worker, jobOf: jobOfSale };
}
