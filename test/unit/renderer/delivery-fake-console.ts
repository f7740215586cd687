// A console double for the delivery screens in Chromium: the desk double's sales plus in-memory
// rules, deliveries, licence key pools and mail server, behind the real contract validation
// (main/dispatch.ts), so forms meet main's own input rules and the template checks main uses.
import type {
  DeliveryJob,
  DeliveryRule,
  LicenceKeyPool,
  SmtpSettings,
} from '../../../preload/contract-delivery';
import type { Product } from '../../../preload/contract';
import { deliveryTemplateFieldErrors } from '../../../preload/delivery-template';
import { dispatch, type Handlers } from '../../../main/dispatch';
import { ConsoleError } from '../../../main/errors';
import { jobNotFound, ruleNotFound } from '../../../main/store';
import { createDeskFake, type DeskFake } from './desk-fake-console';
import { fakeHandlers } from './fake-console';

export interface DeliveryFake extends DeskFake {
  rules: DeliveryRule[];
  jobs: DeliveryJob[];
  smtp: SmtpSettings | null;
  /** Keys by product code; a taken key names its sale (and its product's name, if set). */
  keys: Array<{ productCode: string; key: string; saleId: number | null; productName?: string }>;
  /** Where each rules.sendTest went. */
  sentTests: string[];
  /** Adds a delivery of `saleId` by a new rule named `ruleName`; emits nothing. */
  addJob(saleId: number, patch?: Partial<DeliveryJob>): DeliveryJob;
}

const LOW_BELOW = 5;

export const products: Product[] = [
  {
    code: 'EBOOK',
    name: 'Café Guide (ebook)',
    description: null,
    unitAmount: 1500,
    currency: 'EUR',
    kind: 'one_off',
  },
  {
    code: 'APP',
    name: 'Photo App',
    description: null,
    unitAmount: 4900,
    currency: 'EUR',
    kind: 'one_off',
  },
];
const at = () => new Date().toISOString();

export function createDeliveryFake(desk: DeskFake = createDeskFake()): DeliveryFake {
  const rules: DeliveryRule[] = [];
  const jobs: DeliveryJob[] = [];
  const keys: DeliveryFake['keys'] = [];
  const sentTests: string[] = [];
  const state = { smtp: null as SmtpSettings | null, nextId: 1 };
  const nextId = () => state.nextId++;

  const rule = (id: number) => {
    const found = rules.find((r) => r.id === id);
    // Main's own words, so the page is seen showing what the merchant would read.
    if (!found) throw ruleNotFound(id);
    return found;
  };
  const job = (id: number) => {
    const found = jobs.find((j) => j.id === id);
    if (!found) throw jobNotFound(id);
    return found;
  };
  const checkTemplate = (r: Pick<DeliveryRule, 'action' | 'useLicenceKeys'>) => {
    if (r.action.kind !== 'email') return;
    const fields = deliveryTemplateFieldErrors(r.action.subject, r.action.body, {
      hasDownloadUrl: r.action.downloadUrl !== null,
      useLicenceKeys: r.useLicenceKeys,
    });
    const first = Object.values(fields)[0];
    if (first) throw new ConsoleError('invalid_input', first, { fields });
  };
  const changed = (j: DeliveryJob) =>
    desk.emit('jobs.changed', { saleId: j.saleId, jobId: j.id, status: j.status });
  const pool = (productCode: string): LicenceKeyPool => {
    const mine = keys.filter((k) => k.productCode === productCode);
    const free = mine.filter((k) => k.saleId === null).length;
    return {
      productCode,
      productName: null,
      free,
      taken: mine.length - free,
      low: free < LOW_BELOW,
    };
  };

  /** As main: a sale marked fulfilled by hand holds its deliveries until Undo. */
  const saleHeld = (saleId: number) =>
    desk.sales.find((s) => s.id === saleId)?.status === 'fulfilled';

  // As main's add does: jobs stopped for want of the product's keys (said in their last error,
  // as the worker words it) go back to the queue, due now, unless their sale is held.
  const requeueWaitingFor = (productCode: string): DeliveryJob[] => {
    const waiting = jobs.filter(
      (j) =>
        j.status === 'needs_attention' &&
        !saleHeld(j.saleId) &&
        j.lastError?.startsWith('No licence key left for ') === true &&
        j.lastError.includes(`(${productCode})`),
    );
    for (const j of waiting) {
      Object.assign(j, { status: 'pending', attempts: 0, nextTryAt: at(), lastError: null });
      changed(j);
    }
    return waiting;
  };

  const own: Partial<Handlers> = {
    'products.list': async () => products,
    'rules.list': async () => rules.map((r) => ({ ...r })),
    'rules.add': async (input) => {
      const added: DeliveryRule = {
        id: nextId(),
        name: input.name,
        productCode: input.productCode,
        action: input.action,
        enabled: input.enabled,
        useLicenceKeys: input.useLicenceKeys,
        hasSecret: input.secret !== undefined,
        createdAt: at(),
        updatedAt: at(),
      };
      checkTemplate(added);
      if (added.action.kind === 'forward' && !added.hasSecret) {
        throw new ConsoleError('invalid_input', 'Set a signing secret.', {
          fields: { secret: 'Set a signing secret: your endpoint checks each sale with it.' },
        });
      }
      rules.push(added);
      desk.emit('rules.changed', {});
      return { ...added };
    },
    'rules.edit': async ({ id, secret, ...patch }) => {
      const r = rule(id);
      const next = { ...r, ...patch, updatedAt: at() } as DeliveryRule;
      checkTemplate(next);
      Object.assign(r, next, { hasSecret: r.hasSecret || secret !== undefined });
      desk.emit('rules.changed', {});
      return { ...r };
    },
    'rules.remove': async ({ id }) => {
      rules.splice(rules.indexOf(rule(id)), 1);
      desk.emit('rules.changed', {});
      return { removed: true };
    },
    'rules.setEnabled': async ({ id, enabled }) => {
      Object.assign(rule(id), { enabled, updatedAt: at() });
      desk.emit('rules.changed', {});
      return { ...rule(id) };
    },
    'rules.preview': async ({ id }) => {
      const r = rule(id);
      if (r.action.kind !== 'email') throw new ConsoleError('invalid_input', 'Not an email rule.');
      const fill = (t: string) =>
        t
          .replaceAll('{firstName}', 'Ann')
          .replaceAll('{product}', 'Sample Product')
          .replaceAll(
            '{downloadLink}',
            r.action.kind === 'email' ? (r.action.downloadUrl ?? '') : '',
          );
      return { to: 'ann@example.com', subject: fill(r.action.subject), body: fill(r.action.body) };
    },
    'rules.sendTest': async ({ id }) => {
      rule(id);
      if (!state.smtp) {
        throw new ConsoleError(
          'invalid_input',
          'Set up your mail server first (Mail server, below).',
        );
      }
      sentTests.push(state.smtp.from);
      return { sentTo: state.smtp.from };
    },
    'jobs.list': async (q) => {
      const rows = jobs.filter(
        (j) =>
          (q.saleId === undefined || j.saleId === q.saleId) &&
          (q.status === undefined || j.status === q.status),
      );
      // As main: a pending job of a sale marked fulfilled is held.
      const held = (j: DeliveryJob) => j.status === 'pending' && saleHeld(j.saleId);
      const page = rows.slice(q.offset, q.offset + q.limit);
      return { items: page.map((j) => ({ ...j, held: held(j) })), total: rows.length };
    },
    'jobs.retry': async ({ id }) => {
      const j = job(id);
      if (saleHeld(j.saleId)) {
        throw new ConsoleError(
          'conflict',
          `Sale ${j.saleId} is marked fulfilled, so its deliveries are held. To deliver it ` +
            `anyway, undo that first (in the sale, or \`checkout-console fulfillment undo ${j.saleId}\`).`,
        );
      }
      Object.assign(j, { status: 'pending', attempts: 0, nextTryAt: at(), lastError: null });
      changed(j);
      return { ...j };
    },
    'jobs.markDone': async ({ id }) => {
      const j = job(id);
      Object.assign(j, { status: 'done', doneBy: 'merchant', doneAt: at(), nextTryAt: null });
      changed(j);
      return { ...j };
    },
    'keys.list': async () => [...new Set(keys.map((k) => k.productCode))].map(pool),
    'keys.add': async ({ productCode, keys: pasted }) => {
      let added = 0;
      for (const key of pasted) {
        if (key === '' || keys.some((k) => k.productCode === productCode && k.key === key))
          continue;
        keys.push({ productCode, key, saleId: null });
        added += 1;
      }
      const waiting = added > 0 ? requeueWaitingFor(productCode) : [];
      const waitingSales = new Set(waiting.map((j) => j.saleId)).size;
      return { added, skipped: pasted.length - added, pool: pool(productCode), waitingSales };
    },
    'keys.forSale': async ({ id }) =>
      keys
        .filter((k) => k.saleId === id)
        .map(({ productCode, key, productName }) => ({
          productCode,
          key,
          productName: productName ?? null,
        })),
    // The contract's result type drops the null (MethodResult is NonNullable); main sends it.
    'smtp.get': async () => state.smtp as SmtpSettings,
    'smtp.set': async ({ password, ...input }) => {
      const hasPassword =
        password === undefined ? (state.smtp?.hasPassword ?? false) : password !== '';
      state.smtp = { ...input, hasPassword };
      return state.smtp;
    },
  };
  const handlers = fakeHandlers(own);
  const mine = new Set(Object.keys(own));

  const deskDispatch = desk.dispatch;
  // Assigned onto the desk double itself: its getters (settings, status) must stay live.
  Object.defineProperty(desk, 'smtp', {
    get: () => state.smtp,
    set: (value: SmtpSettings | null) => (state.smtp = value),
  });
  return Object.assign(desk as DeskFake & { smtp: SmtpSettings | null }, {
    rules,
    jobs,
    keys,
    sentTests,
    dispatch: (name: unknown, input: unknown) => {
      if (typeof name !== 'string' || !mine.has(name)) return deskDispatch(name, input);
      desk.calls.push({ name, input });
      return dispatch(handlers, name, input);
    },
    addJob(saleId: number, patch: Partial<DeliveryJob> = {}): DeliveryJob {
      const id = nextId();
      const added: DeliveryJob = {
        id,
        saleId,
        ruleId: 999,
        ruleName: 'Ebook email',
        kind: 'email',
        status: 'pending',
        attempts: 0,
        maxAttempts: 8,
        nextTryAt: at(),
        lastError: null,
        doneAt: null,
        doneBy: null,
        idempotencyKey: `sale-${saleId}-job-${id}`,
        createdAt: at(),
        ...patch,
      };
      jobs.push(added);
      return added;
    },
  });
}
