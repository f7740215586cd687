// What the contract's types refuse. The `@ts-expect-error` lines are checked by
// `npm run typecheck` (tsc over test/): each fails the build if the line compiles.
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { CheckoutConsole } from '../../../main/console';
import { valueOf } from '../../../main/commands/output';
import {
  eventNames,
  events,
  type ConsoleBridge,
  type Emit,
  type ErrorCode,
  type ErrorPayload,
  type EventName,
  type Events,
  type Link,
  type LinkResult,
  type Settings,
} from '../../../preload/contract';

// Never called: the bodies exist for the compiler.
function callsTheConsole(cc: CheckoutConsole) {
  expectTypeOf(cc.invoke('links.cancel', { id: 1 })).resolves.toEqualTypeOf<Link>();
  expectTypeOf(cc.invoke('settings.get', {})).resolves.toEqualTypeOf<Settings>();
  // @ts-expect-error: no method by that name
  void cc.invoke('links.steal', {});
  // @ts-expect-error: links.cancel takes an id, not an email
  void cc.invoke('links.cancel', { email: 'jane@example.com' });
  // @ts-expect-error: an id is a number
  void cc.invoke('links.get', { id: '7' });
  // @ts-expect-error: no method by that name
  void cc.call('accounts.steal', {});
  // The CLI's envelopes carry the method's result type, so valueOf needs no type argument.
  const created = async () =>
    valueOf(await cc.call('links.create', { customer: { email: 'a@b.c' }, items: [] }));
  expectTypeOf(created).returns.resolves.toEqualTypeOf<LinkResult>();
  // Transports take anything: dispatch checks it at run time.
  void cc.dispatch('links.steal', { anything: true });
}

function subscribesAndEmits(bridge: ConsoleBridge, emit: Emit) {
  bridge.on('links.changed', (payload) => expectTypeOf(payload).toEqualTypeOf<{ ids: number[] }>());
  // @ts-expect-error: no event by that name
  bridge.on('links.gone', () => undefined);
  emit('accounts.changed', { accounts: [] });
  // @ts-expect-error: the payload must match the event
  emit('links.changed', { id: 1 });
}

// A table with an entry per event (a consumer that handles each one) misses none.
function handlesEveryEvent(): Record<EventName, true> {
  // @ts-expect-error: links.changed is missing
  return {
    'accounts.changed': true,
    'connectivity.changed': true,
    'fulfillments.changed': true,
    'receiver.status': true,
    'sync.status': true,
    'desk.focusFulfillment': true,
    'activity.changed': true,
  };
}

describe('the contract’s types', () => {
  it('type-checks calls, subscriptions and tables of events (see the @ts-expect-error lines)', () => {
    expectTypeOf(callsTheConsole).toBeFunction();
    expectTypeOf(subscribesAndEmits).toBeFunction();
    expectTypeOf(handlesEveryEvent).toBeFunction();
    expectTypeOf<ErrorPayload['code']>().toEqualTypeOf<ErrorCode>();
  });

  it('derives the event names from the events map, so every event declared is known', () => {
    expectTypeOf<(typeof eventNames)[number]>().toEqualTypeOf<keyof Events>();
    expect([...eventNames].sort()).toEqual(Object.keys(events).sort());
    expect(eventNames).toContain('links.changed');
  });
});
