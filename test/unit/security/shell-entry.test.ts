// The real shell entry (main/index.ts startShell) wired with the faked Electron: every
// contract method it binds refuses untrusted senders, and every contract event reaches the
// window. Generated over methodNames / eventNames, so new ones are covered automatically.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { CheckoutConsole } from '../../../main/console';
import { startShell } from '../../../main/index';
import {
  IPC_EVENT_CHANNEL,
  IPC_PREFIX,
  eventNames,
  methodNames,
  type EventName,
} from '../../../preload/contract';
import { FakeBrowserWindow, createFakeElectron } from '../../support/fake-electron';
import { validInputs } from '../../support/valid-inputs';

vi.mock('electron', async () => (await import('../../support/fake-electron')).fakeElectron);
vi.mock('../../../main/console', () => ({ createConsole: vi.fn() }));
vi.mock('../../../main/secrets', () => ({ createKeychain: vi.fn() }));

const mainDir = '/opt/app/out/main';
const appUrl = pathToFileURL(join('/opt/app/out', 'renderer', 'index.html')).href;
const electron = createFakeElectron();
const reached: string[] = [];
const listeners = new Set<(name: EventName, payload: unknown) => void>();

const fakeConsole: CheckoutConsole = {
  handlers: {} as CheckoutConsole['handlers'],
  // Only IPC (dispatch) is recorded: a call the shell makes itself is not a page's call.
  call: async (name) => ({ ok: true, value: name as never }),
  invoke: async (name) => name as never,
  dispatch: async (name) => {
    reached.push(String(name));
    return { ok: true, value: name };
  },
  on: () => () => undefined,
  onAny(listener) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  emit: () => undefined,
  stopSandbox: async () => undefined,
  close: async () => undefined,
};

beforeAll(async () => {
  FakeBrowserWindow.instances.length = 0;
  await startShell({
    app: electron.app,
    BrowserWindow: FakeBrowserWindow,
    ipcMain: electron.ipcMain,
    shell: electron.shell,
    showError: () => undefined,
    openConsole: async () => fakeConsole,
    secrets: { get: async () => null, set: async () => undefined, delete: async () => false },
    env: {},
    platform: 'linux',
    mainDir,
  });
});

describe('the packaged shell', () => {
  it.each(methodNames)('%s answers the app page and refuses every other sender', async (name) => {
    reached.length = 0;
    const channel = IPC_PREFIX + name;
    for (const sender of [
      'https://evil.example/',
      'file:///tmp/index.html',
      `${appUrl}/../other.html`,
      'http://localhost:5173/',
      null,
    ]) {
      const reply = await electron.ipcMain.invoke(channel, sender, validInputs[name]);
      expect({ sender, reply }).toMatchObject({ sender, reply: { error: { code: 'forbidden' } } });
    }
    expect(reached).toEqual([]);
    await expect(electron.ipcMain.invoke(channel, appUrl, validInputs[name])).resolves.toEqual({
      ok: true,
      value: name,
    });
    expect(reached).toEqual([name]);
  });

  it('binds no channel beyond the contract', () => {
    expect([...electron.ipcMain.handlers.keys()].sort()).toEqual(
      methodNames.map((n) => IPC_PREFIX + n).sort(),
    );
  });

  it.each(eventNames)('forwards %s to the window on the event channel', (name) => {
    const [window] = FakeBrowserWindow.instances;
    const contents = window!.webContents;
    const before = contents.sent.length;
    for (const l of listeners) l(name, { marker: name });
    expect(contents.sent.slice(before)).toContainEqual({
      channel: IPC_EVENT_CHANNEL,
      message: { name, payload: { marker: name } },
    });
  });
});
