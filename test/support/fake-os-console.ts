// A console for main/os tests (tray, sale sound): the handlers a test gives, behind the real
// contract validation; every other method fails as a console without that data would; events
// are replayed by the test through `emit`.
import { EventEmitter } from 'node:events';
import type { CheckoutConsole } from '../../main/console';
import { dispatch, valueOrThrow, type Handlers } from '../../main/dispatch';
import { ConsoleError } from '../../main/errors';
import { methodNames, type EventName, type Events } from '../../preload/contract';

export interface FakeOsConsole {
  console: Pick<CheckoutConsole, 'invoke' | 'on'>;
  emit<E extends EventName>(name: E, payload: Events[E]): void;
}

export function fakeOsConsole(given: Partial<Handlers>): FakeOsConsole {
  const bus = new EventEmitter();
  const notHere = async (): Promise<never> => {
    throw new ConsoleError('internal', 'not in this fake');
  };
  const handlers = {
    ...(Object.fromEntries(methodNames.map((n) => [n, notHere])) as unknown as Handlers),
    ...given,
  };
  return {
    console: {
      invoke: async (name, input) => valueOrThrow(await dispatch(handlers, name, input)),
      on(name, listener) {
        bus.on(name, listener);
        return () => bus.off(name, listener);
      },
    },
    emit: (name, payload) => bus.emit(name, payload),
  };
}
