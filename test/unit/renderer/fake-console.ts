// A console double for the bridge tests: real contract validation through
// main/dispatch.ts, handlers that record what they were given.
import { methodNames, type Account, type EventName, type Events } from '../../../preload/contract';
import { dispatch, type Handlers } from '../../../main/dispatch';
import { ConsoleError } from '../../../main/errors';
import type { BridgedConsole } from '../../support/http-bridge';

export interface FakeConsole extends BridgedConsole {
  calls: Array<{ name: string; input: unknown }>;
  emit<E extends EventName>(name: E, payload: Events[E]): void;
  listenerCount(): number;
}

export const sampleAccount: Account = {
  id: 1,
  name: 'Acme',
  apiUrl: 'https://acme.quadernoapp.com/api/',
  kind: 'test',
  email: 'owner@acme.test',
  active: true,
  createdAt: '2026-11-28T08:00:00.000Z',
};

function notHere(): never {
  throw new ConsoleError('internal', 'Not part of this fake.');
}

/** Every contract method refusing ("not part of this fake"), with `own` over them. */
export function fakeHandlers(own: Partial<Handlers>): Handlers {
  const none = Object.fromEntries(methodNames.map((name) => [name, notHere]));
  return { ...(none as unknown as Handlers), ...own };
}

/** What a console signed in to `sampleAccount` says about itself. */
export const signedInHandlers: Pick<Handlers, 'app.info' | 'accounts.list'> = {
  'app.info': async () => ({
    version: '0.0.0',
    mode: 'account',
    activeAccount: sampleAccount,
    dataDir: '/x',
  }),
  'accounts.list': async () => [sampleAccount],
};

type Listener = (name: EventName, payload: unknown) => void;

/** The event side of a console double: the bridge's listeners, and `emit` reaching them. */
export function fakeEvents() {
  const listeners = new Set<Listener>();
  return {
    onAny(listener: Listener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit<E extends EventName>(name: E, payload: Events[E]): void {
      for (const listener of listeners) listener(name, payload);
    },
    listenerCount: () => listeners.size,
  };
}

/** `active` decides what app.info reports: null means first run. */
export function createFakeConsole(options: { active?: Account | null } = {}): FakeConsole {
  const active = options.active ?? null;
  const calls: FakeConsole['calls'] = [];
  const record = <T>(name: string, input: unknown, value: T): T => {
    calls.push({ name, input });
    return value;
  };
  const handlers = fakeHandlers({
    'app.info': async (i) =>
      record('app.info', i, {
        version: '0.0.0',
        mode: active === null ? 'none' : active.kind === 'sandbox' ? 'sandbox' : 'account',
        activeAccount: active,
        dataDir: '/x',
      }),
    'accounts.list': async (i) => record('accounts.list', i, [sampleAccount]),
    'accounts.add': async (input) => {
      record('accounts.add', input, null);
      if (input.apiKey !== 'sk_test_good') {
        throw new ConsoleError('unauthorized', 'That key was refused.', {
          fields: { apiKey: 'That key was refused.' },
        });
      }
      return sampleAccount;
    },
    'accounts.useSandbox': notHere,
    'accounts.remove': notHere,
    'accounts.switch': notHere,
    'products.list': notHere,
    'products.sync': notHere,
    'settings.get': notHere,
    'settings.update': notHere,
  });
  return {
    calls,
    dispatch: (name, input) => dispatch(handlers, name, input),
    ...fakeEvents(),
  };
}
