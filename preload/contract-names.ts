// The contract's method and event names as plain lists, without zod: the preload checks a name
// against these (preload/bridge.ts), so checking names need not build every method's input schema
// (issue 16, first paint). Names only: main's dispatch (main/dispatch.ts) refuses an unknown name
// and validates every input with the method's schema, and main/ipc.ts handles only the contract's
// channels; it stays the authority. test/unit/preload/contract-names.test.ts keeps these lists
// equal to the keys of `methods` and `events` (preload/contract.ts).
import type { EventName, MethodName } from './contract';

export const methodNameList = [
  'app.info',
  'app.connectivity',
  'app.showInFolder',
  'accounts.list',
  'accounts.add',
  'accounts.useSandbox',
  'accounts.remove',
  'accounts.switch',
  'products.list',
  'products.sync',
  'settings.get',
  'settings.update',
  'links.create',
  'links.list',
  'links.get',
  'links.update',
  'links.cancel',
  'links.copyQr',
  'links.drafts',
  'links.discardDraft',
  'fulfillments.list',
  'fulfillments.undelivered',
  'fulfillments.markFulfilled',
  'fulfillments.undo',
  'live.status',
  'sync.run',
  'activity.list',
  'events.get',
  'events.reprocess',
  'fulfillments.get',
  'fulfillments.totals',
  'fulfillments.chart',
  'fulfillments.summary',
  'export.csv',
  'desk.takeFocus',
  'accounts.checkConnection',
  'rules.list',
  'rules.add',
  'rules.edit',
  'rules.remove',
  'rules.setEnabled',
  'rules.preview',
  'rules.sendTest',
  'jobs.list',
  'jobs.retry',
  'jobs.markDone',
  'keys.list',
  'keys.add',
  'keys.forSale',
  'smtp.get',
  'smtp.set',
] as const satisfies readonly MethodName[];

export const eventNameList = [
  'accounts.changed',
  'connectivity.changed',
  'links.changed',
  'links.draftCreated',
  'fulfillments.changed',
  'receiver.status',
  'sync.status',
  'desk.focusFulfillment',
  'desk.showDay',
  'activity.changed',
  'jobs.changed',
  'rules.changed',
  'keys.low',
  'desk.newLink',
  'desk.saleSound',
  'settings.changed',
] as const satisfies readonly EventName[];

const methodSet: ReadonlySet<string> = new Set(methodNameList);
const eventSet: ReadonlySet<string> = new Set(eventNameList);

export function isContractMethod(name: unknown): name is MethodName {
  return typeof name === 'string' && methodSet.has(name);
}

export function isContractEvent(name: unknown): name is EventName {
  return typeof name === 'string' && eventSet.has(name);
}
