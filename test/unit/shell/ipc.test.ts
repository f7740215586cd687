import { beforeEach, describe, expect, it } from 'vitest';
import type { CheckoutConsole } from '../../../main/console';
import { dispatch, type Handlers } from '../../../main/dispatch';
import { forwardEvents, registerIpc, trustAppFrames } from '../../../main/ipc';
import {
  IPC_EVENT_CHANNEL,
  IPC_PREFIX,
  methodNames,
  methods,
  type EventName,
  type MethodName,
} from '../../../preload/contract';
import { FakeIpcMain, FakeWebContents } from '../../support/fake-electron';
import { validInputs } from '../../support/valid-inputs';

const appUrl = 'file:///opt/app/out/renderer/index.html';

/** Handlers that only record that they ran: what matters here is whether they are reached. */
function recordingHandlers(calls: Array<{ name: MethodName; input: unknown }>): Handlers {
  const entries = methodNames.map((name) => [
    name,
    async (input: unknown) => {
      calls.push({ name, input });
      return { handled: name };
    },
  ]);
  return Object.fromEntries(entries) as Handlers;
}

function consoleOver(handlers: Handlers): Pick<CheckoutConsole, 'dispatch'> {
  return { dispatch: (name, input) => dispatch(handlers, name, input) };
}

describe('registerIpc', () => {
  let ipcMain: FakeIpcMain;
  let calls: Array<{ name: MethodName; input: unknown }>;
  let unregister: () => void;

  beforeEach(() => {
    ipcMain = new FakeIpcMain();
    calls = [];
    unregister = registerIpc({
      ipcMain,
      console: consoleOver(recordingHandlers(calls)),
      isTrustedSender: trustAppFrames(appUrl),
    });
  });

  it('binds exactly one channel per contract method', () => {
    expect([...ipcMain.handlers.keys()].sort()).toEqual(
      methodNames.map((n) => IPC_PREFIX + n).sort(),
    );
  });

  it.each(methodNames)(
    'passes a valid %s call from the app window to the console',
    async (name) => {
      const input = validInputs[name];
      const reply = await ipcMain.invoke(IPC_PREFIX + name, appUrl, input);
      expect(reply).toEqual({ ok: true, value: { handled: name } });
      // The handler gets the parsed input: what was sent, plus the schema's defaults.
      expect(calls).toEqual([{ name, input: methods[name].input.parse(input) }]);
    },
  );

  it.each(methodNames)('refuses malformed %s input before any handler runs', async (name) => {
    for (const input of [42, 'text', [], { unexpected: true }]) {
      const reply = await ipcMain.invoke(IPC_PREFIX + name, appUrl, input);
      expect(reply).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    expect(calls).toEqual([]);
  });

  it('names the offending field when validation fails', async () => {
    const reply = await ipcMain.invoke(IPC_PREFIX + 'accounts.add', appUrl, {
      account: 'acme',
      apiKey: 'pk_live_123',
    });
    expect(reply).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', fields: { apiKey: expect.stringContaining('sk_live_') } },
    });
  });

  it.each([
    ['another page', 'https://evil.example/'],
    ['another file', 'file:///tmp/evil.html'],
    ['a frame that is gone', null],
  ])('refuses calls from %s with a forbidden error', async (_label, sender) => {
    const reply = await ipcMain.invoke(IPC_PREFIX + 'accounts.list', sender, {});
    expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(calls).toEqual([]);
  });

  it('unbinds every channel when unregistered', () => {
    unregister();
    expect(ipcMain.handlers.size).toBe(0);
  });
});

describe('forwardEvents', () => {
  type AnyListener = (name: EventName, payload: unknown) => void;

  function eventSource(): Pick<CheckoutConsole, 'onAny'> & { fire: AnyListener } {
    const listeners = new Set<AnyListener>();
    return {
      onAny(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      fire: (name, payload) => listeners.forEach((l) => l(name, payload)),
    };
  }

  it('sends every console event to the window on the event channel', () => {
    const source = eventSource();
    const contents = new FakeWebContents();
    forwardEvents(source, contents);
    source.fire('connectivity.changed', { online: false, reason: 'offline' });
    source.fire('accounts.changed', { accounts: [] });
    expect(contents.sent).toEqual([
      {
        channel: IPC_EVENT_CHANNEL,
        message: { name: 'connectivity.changed', payload: { online: false, reason: 'offline' } },
      },
      {
        channel: IPC_EVENT_CHANNEL,
        message: { name: 'accounts.changed', payload: { accounts: [] } },
      },
    ]);
  });

  it('stops sending once unsubscribed, and never sends to a destroyed window', () => {
    const source = eventSource();
    const contents = new FakeWebContents();
    const stop = forwardEvents(source, contents);
    contents.destroyed = true;
    expect(() => source.fire('accounts.changed', { accounts: [] })).not.toThrow();
    contents.destroyed = false;
    stop();
    source.fire('accounts.changed', { accounts: [] });
    expect(contents.sent).toEqual([]);
  });
});
