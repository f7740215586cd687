import { beforeEach, describe, expect, it, vi } from 'vitest';
import { dispatch, type Handlers } from '../../../main/dispatch';
import { ConsoleError } from '../../../main/errors';
import { registerIpc } from '../../../main/ipc';
import {
  ContractError,
  IPC_EVENT_CHANNEL,
  IPC_PREFIX,
  type ConsoleBridge,
  type MethodName,
} from '../../../preload/contract';
import { createBridge, forContextBridge } from '../../../preload/bridge';
import '../../../preload/index';
import { FakeIpcMain, FakeIpcRenderer, fakeElectron } from '../../support/fake-electron';

vi.mock('electron', async () => (await import('../../support/fake-electron')).fakeElectron);

/** Calls a bridge method with a name the contract does not know, as a hostile page could. */
function invokeUnchecked(bridge: ConsoleBridge, name: string, input: unknown): Promise<unknown> {
  return (bridge.invoke as (name: string, input: unknown) => Promise<unknown>)(name, input);
}

/** main's answer when it refuses the API key field with `message`, as the account form gets it. */
function refusesApiKey(message: string) {
  return async () => ({
    ok: false,
    error: { code: 'invalid_input', message, fields: { apiKey: message } },
  });
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

describe('what the preload exposes', () => {
  it('puts exactly one object on window, with only invoke and on', () => {
    expect([...fakeElectron.contextBridge.exposed.keys()]).toEqual(['checkoutConsole']);
    const exposed = fakeElectron.contextBridge.exposed.get('checkoutConsole');
    expect(Object.keys(exposed as object).sort()).toEqual(['invoke', 'on']);
    expect(Object.isFrozen(exposed)).toBe(true);
  });

  it('never hands the page ipcRenderer itself', () => {
    const exposed = fakeElectron.contextBridge.exposed.get('checkoutConsole') as Record<
      string,
      unknown
    >;
    for (const value of Object.values(exposed)) expect(value).not.toBe(fakeElectron.ipcRenderer);
  });
});

describe('createBridge', () => {
  let ipc: FakeIpcRenderer;
  let bridge: ConsoleBridge;

  beforeEach(() => {
    ipc = new FakeIpcRenderer();
    bridge = createBridge(ipc);
  });

  it('refuses a method the contract does not name, without reaching main', async () => {
    const error = await rejection(invokeUnchecked(bridge, 'fs.readFile', { path: '/etc/passwd' }));
    expect(error).toBeInstanceOf(ContractError);
    expect(error).toMatchObject({ code: 'invalid_input' });
    expect(ipc.invocations).toEqual([]);
  });

  it('invokes the prefixed channel and returns the unwrapped value', async () => {
    ipc.responder = async () => ({ ok: true, value: [{ id: 1 }] });
    await expect(bridge.invoke('accounts.list', {})).resolves.toEqual([{ id: 1 }]);
    expect(ipc.invocations).toEqual([{ channel: IPC_PREFIX + 'accounts.list', args: [{}] }]);
  });

  it('turns a failure envelope into a ContractError with code and fields', async () => {
    ipc.responder = refusesApiKey('Enter your API key.');
    const error = await rejection(bridge.invoke('accounts.add', { account: 'acme', apiKey: '' }));
    expect(error).toBeInstanceOf(ContractError);
    expect(error).toMatchObject({
      code: 'invalid_input',
      message: 'Enter your API key.',
      fields: { apiKey: 'Enter your API key.' },
    });
  });

  it('reports an unreadable reply from main as bad_response', async () => {
    ipc.responder = async () => ({ status: 'weird' });
    await expect(bridge.invoke('app.info', {})).rejects.toMatchObject({ code: 'bad_response' });
  });

  it('reports a call main could not answer as an internal error, not a raw IPC error', async () => {
    ipc.responder = async () => {
      throw new Error("Error invoking remote method 'cc:app.info': No handler registered");
    };
    const error = await rejection(bridge.invoke('app.info', {}));
    expect(error).toBeInstanceOf(ContractError);
    expect(error).toMatchObject({ code: 'internal', message: expect.stringContaining('Restart') });
  });

  it('refuses to subscribe to an event the contract does not name', () => {
    const subscribe = bridge.on as (name: string, listener: () => void) => () => void;
    expect(() => subscribe('ipc.raw', () => undefined)).toThrow(ContractError);
    expect(ipc.listenerCount(IPC_EVENT_CHANNEL)).toBe(0);
  });

  it('delivers only the payload of the named event, never the IPC event object', () => {
    const received: unknown[][] = [];
    bridge.on('connectivity.changed', (...args) => received.push(args));
    ipc.deliver(IPC_EVENT_CHANNEL, { name: 'accounts.changed', payload: { accounts: [] } });
    ipc.deliver(IPC_EVENT_CHANNEL, {
      name: 'connectivity.changed',
      payload: { online: true, reason: null },
    });
    ipc.deliver(IPC_EVENT_CHANNEL, { name: 'made.up', payload: {} });
    ipc.deliver(IPC_EVENT_CHANNEL, 'garbage');
    expect(received).toEqual([[{ online: true, reason: null }]]);
  });

  it('stops delivering after unsubscribe and lets go of the IPC channel when nobody listens', () => {
    const received: unknown[] = [];
    const first = bridge.on('accounts.changed', (p) => received.push(p));
    const second = bridge.on('accounts.changed', (p) => received.push(p));
    expect(ipc.listenerCount(IPC_EVENT_CHANNEL)).toBe(1);
    first();
    ipc.deliver(IPC_EVENT_CHANNEL, { name: 'accounts.changed', payload: { accounts: [] } });
    expect(received).toHaveLength(1);
    second();
    ipc.deliver(IPC_EVENT_CHANNEL, { name: 'accounts.changed', payload: { accounts: [] } });
    expect(received).toHaveLength(1);
    expect(ipc.listenerCount(IPC_EVENT_CHANNEL)).toBe(0);
  });
});

describe('forContextBridge', () => {
  it('rejects with a plain object that keeps code and fields through a structured copy', async () => {
    // Electron's context bridge copies an Error's message only; structuredClone drops the
    // same custom properties, so it stands in for the copy the page would receive.
    const lost = structuredClone(
      new ContractError({ code: 'invalid_input', message: 'm', fields: { a: 'b' } }),
    );
    expect(lost).not.toHaveProperty('fields');

    const ipc = new FakeIpcRenderer();
    ipc.responder = refusesApiKey('Use your secret key.');
    const exposed = forContextBridge(createBridge(ipc));
    const copied = structuredClone(
      await rejection(exposed.invoke('accounts.add', { account: 'a', apiKey: 'x' })),
    );
    expect(copied).toEqual({
      name: 'ContractError',
      code: 'invalid_input',
      message: 'Use your secret key.',
      fields: { apiKey: 'Use your secret key.' },
    });
  });

  it('keeps successful calls and subscriptions working as before', async () => {
    const ipc = new FakeIpcRenderer();
    ipc.responder = async () => ({ ok: true, value: 'v' });
    const exposed = forContextBridge(createBridge(ipc));
    await expect(exposed.invoke('app.info', {})).resolves.toBe('v');
    const seen: unknown[] = [];
    const off = exposed.on('accounts.changed', (p) => seen.push(p));
    ipc.deliver(IPC_EVENT_CHANNEL, { name: 'accounts.changed', payload: { accounts: [] } });
    off();
    expect(seen).toEqual([{ accounts: [] }]);
    const subscribe = exposed.on as (name: string, listener: () => void) => () => void;
    expect(() => subscribe('nope', () => undefined)).toThrow(
      expect.objectContaining({ code: 'invalid_input' }),
    );
  });
});

describe('preload and main together', () => {
  it('carries a call from the page through IPC validation to a handler and back', async () => {
    const ipcMain = new FakeIpcMain();
    const appUrl = 'file:///opt/app/out/renderer/index.html';
    const seen: Array<{ name: MethodName; input: unknown }> = [];
    const handlers = {
      'accounts.switch': async (input: unknown) => {
        seen.push({ name: 'accounts.switch', input });
        throw new ConsoleError('not_found', 'That account is gone. Pick another one.');
      },
    } as unknown as Handlers;
    registerIpc({
      ipcMain,
      console: { dispatch: (name, input) => dispatch(handlers, name, input) },
      isTrustedSender: (event) => event.senderFrame?.url === appUrl,
    });
    const ipc = new FakeIpcRenderer();
    ipc.responder = (channel, ...args) => ipcMain.invoke(channel, appUrl, ...args);
    const bridge = createBridge(ipc);

    await expect(bridge.invoke('accounts.switch', { id: -1 })).rejects.toMatchObject({
      code: 'invalid_input',
      fields: { id: expect.any(String) },
    });
    expect(seen).toEqual([]);
    await expect(bridge.invoke('accounts.switch', { id: 7 })).rejects.toMatchObject({
      code: 'not_found',
      message: 'That account is gone. Pick another one.',
    });
    expect(seen).toEqual([{ name: 'accounts.switch', input: { id: 7 } }]);
  });
});
