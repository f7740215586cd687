import type { MethodInput, MethodName } from '../../preload/contract';

/**
 * One valid input per method, with every optional object filled in so nested checks have
 * something to probe. Typed over the whole contract: a new method does not compile until it
 * has an entry here.
 */
export const validInputs: { [N in MethodName]: MethodInput<N> } = {
  'app.info': {},
  'app.connectivity': {},
  'app.showInFolder': { path: '/home/merchant/checkout-console-fulfillments-2026-11-29.csv' },
  'accounts.list': {},
  'accounts.add': { account: 'acme', apiKey: 'sk_test_abc123' },
  'accounts.useSandbox': {},
  'accounts.remove': { id: 3 },
  'accounts.switch': { id: 3 },
  'accounts.checkConnection': {},
  'products.list': {},
  'products.sync': {},
  'settings.get': {},
  'settings.update': { notifications: true, paymentMethods: ['card'] },
  'links.create': {
    customer: { email: 'jane@example.com', firstName: 'Jane' },
    items: [{ product: 'prod_1', quantity: 2 }],
  },
  'links.list': { status: 'pending', limit: 10 },
  'links.get': { id: 7 },
  'links.update': { id: 7, customer: { email: 'jane@example.com' } },
  'links.cancel': { id: 7 },
  'links.drafts': {},
  'links.discardDraft': { id: 7 },
  'fulfillments.list': { search: 'jane', limit: 10 },
  'fulfillments.markFulfilled': { id: 2, note: 'sent the PDF' },
  'fulfillments.undo': { id: 2 },
  'live.status': {},
  'sync.run': {},
  'activity.list': { kind: 'event', limit: 50 },
  'events.get': { id: 4 },
  'events.reprocess': { id: 4 },
  'fulfillments.get': { id: 2 },
  'fulfillments.totals': { utcOffsetMinutes: 60 },
  'fulfillments.chart': { utcOffsetMinutes: 0 },
  'export.csv': { what: 'fulfillments', filter: { currency: 'EUR' } },
  'desk.takeFocus': {},
};
