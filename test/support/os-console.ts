// For main/os tests: a console answering only the methods a test gives (through the contract's
// real validation; any other method fails), and notifications that record what they showed.
import { EventEmitter } from 'node:events';
import { dispatch, valueOrThrow, type Handlers } from '../../main/dispatch';
import type { CheckoutConsole } from '../../main/console';
import { ConsoleError } from '../../main/errors';
import type { NotificationLike } from '../../main/os';
import { methodNames, type EventName, type Events } from '../../preload/contract';

export class RecordedNotification extends EventEmitter implements NotificationLike {
  shown = false;
  constructor(readonly text: { title: string; body: string }) {
    super();
  }
  show(): void {
    this.shown = true;
  }
}

export interface OsConsole {
  console: Pick<CheckoutConsole, 'invoke' | 'on'>;
  /** Every method called, in order. */
  calls: string[];
  /** Sends a console event to the listeners `on` registered. */
  emit<E extends EventName>(name: E, payload: Events[E]): void;
}

export function osConsole(answers: Partial<Handlers>): OsConsole {
  const bus = new EventEmitter();
  const calls: string[] = [];
  const notHere = async (): Promise<never> => {
    throw new ConsoleError('internal', 'not in this fake');
  };
  const handlers = {
    ...(Object.fromEntries(methodNames.map((n) => [n, notHere])) as unknown as Handlers),
    ...answers,
  };
  return {
    calls,
    console: {
      invoke: async (name, input) => {
        calls.push(name);
        return valueOrThrow(await dispatch(handlers, name, input));
      },
      on(name, listener) {
        bus.on(name, listener);
        return () => bus.off(name, listener);
      },
    },
    emit: (name, payload) => bus.emit(name, payload),
  };
}
