import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { CheckoutConsole, ConsoleOptions } from '../../../main/console';
import {
  claimSingleInstance,
  focusWindow,
  rendererUrl,
  startShell,
  type ShellDeps,
} from '../../../main/index';
import {
  IPC_EVENT_CHANNEL,
  IPC_PREFIX,
  methodNames,
  type EventName,
} from '../../../preload/contract';
import {
  FakeApp,
  FakeBrowserWindow,
  FakeEvent,
  FakeIpcMain,
  createFakeElectron,
} from '../../support/fake-electron';
import { FAKE_MAIN_DIR, fakeShellDeps } from '../../support/fake-shell-deps';

// main/index.ts imports these at module level; the shell tests hand in their own console.
vi.mock('electron', async () => (await import('../../support/fake-electron')).fakeElectron);
vi.mock('../../../main/console', () => ({ createConsole: vi.fn() }));
vi.mock('../../../main/secrets', () => ({ createKeychain: vi.fn() }));

interface FakeConsole extends CheckoutConsole {
  openedWith: ConsoleOptions | null;
  closeCalls: number;
  emit(name: EventName, payload: unknown): void;
}

function fakeConsole(): FakeConsole {
  const listeners = new Set<(name: EventName, payload: unknown) => void>();
  const result: FakeConsole = {
    openedWith: null,
    closeCalls: 0,
    handlers: {} as CheckoutConsole['handlers'],
    // Every method answers with its own name: these tests look at what reaches the console.
    call: async (name) => ({ ok: true, value: name as never }),
    invoke: async (name) => name as never,
    dispatch: async (name) => ({ ok: true, value: name }),
    on: () => () => undefined,
    onAny(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      result.closeCalls += 1;
    },
    emit: (name, payload) => listeners.forEach((l) => l(name, payload)),
    stopSandbox: async () => undefined,
  };
  return result;
}

function deps(overrides: Partial<ShellDeps<FakeBrowserWindow>> = {}) {
  const electron = createFakeElectron();
  const console = fakeConsole();
  FakeBrowserWindow.instances.length = 0;
  const shellDeps = fakeShellDeps(electron, {
    openConsole: async (options) => {
      console.openedWith = options;
      return console;
    },
    ...overrides,
  });
  return { electron, console, shellDeps };
}

describe('claimSingleInstance', () => {
  it('quits at once when another instance holds the lock', () => {
    const app = new FakeApp();
    app.lockAvailable = false;
    const focus = vi.fn();
    expect(claimSingleInstance(app, focus)).toBe(false);
    expect(app.quitCalls).toBe(1);
    expect(app.listenerCount('second-instance')).toBe(0);
  });

  it('focuses the existing window when a second instance starts', () => {
    const app = new FakeApp();
    const focus = vi.fn();
    expect(claimSingleInstance(app, focus)).toBe(true);
    app.emit('second-instance');
    expect(focus).toHaveBeenCalledTimes(1);
    expect(app.quitCalls).toBe(0);
  });
});

describe('focusWindow', () => {
  it('restores a minimised window and brings it to the front', () => {
    const window = new FakeBrowserWindow({});
    window.minimized = true;
    focusWindow(window);
    expect([window.minimized, window.visible, window.focused]).toEqual([false, true, true]);
  });

  it('ignores a window that is already gone', () => {
    const window = new FakeBrowserWindow({});
    window.destroyed = true;
    focusWindow(window);
    focusWindow(null);
    expect(window.focused).toBe(false);
  });
});

describe('rendererUrl', () => {
  it('uses the dev server when electron-vite provides one', () => {
    expect(rendererUrl({ ELECTRON_RENDERER_URL: 'http://localhost:5173/' }, FAKE_MAIN_DIR)).toBe(
      'http://localhost:5173/',
    );
  });

  it('otherwise loads the built renderer next to the main bundle', () => {
    expect(rendererUrl({}, FAKE_MAIN_DIR)).toBe(
      pathToFileURL(join('/opt/app/out', 'renderer', 'index.html')).href,
    );
  });
});

describe('startShell', () => {
  let setup: ReturnType<typeof deps>;

  beforeEach(() => {
    setup = deps();
  });

  it('opens nothing when another instance is already running', async () => {
    setup.electron.app.lockAvailable = false;
    const openConsole = vi.fn();
    await startShell({ ...setup.shellDeps, openConsole });
    expect(openConsole).not.toHaveBeenCalled();
    expect(FakeBrowserWindow.instances).toEqual([]);
    expect(setup.electron.app.quitCalls).toBe(1);
  });

  it('enables the sandbox for every renderer before the app is ready', async () => {
    await startShell(setup.shellDeps);
    expect(setup.electron.app.sandboxEnabled).toBe(true);
    expect(setup.electron.app.readyBeforeSandbox).toBe(false);
  });

  it('opens the console in the user data folder with the app version', async () => {
    await startShell(setup.shellDeps);
    expect(setup.console.openedWith).toMatchObject({
      dataDir: '/fake/user-data',
      version: '9.9.9',
    });
  });

  it('runs automatic delivery but never lets the page hold command rules', async () => {
    await startShell(setup.shellDeps);
    expect(setup.console.openedWith?.delivery).toEqual({ run: true, commands: false });
  });

  it('opens even with an unusable environment setting, telling it instead of refusing', async () => {
    await startShell(setup.shellDeps);
    expect(setup.console.openedWith?.badSettings).toBe('tell');
  });

  it('binds every contract method and trusts only the app page', async () => {
    await startShell({
      ...setup.shellDeps,
      env: { ELECTRON_RENDERER_URL: 'http://localhost:5173/' },
    });
    const ipcMain: FakeIpcMain = setup.electron.ipcMain;
    expect(ipcMain.handlers.size).toBe(methodNames.length);
    await expect(
      ipcMain.invoke(IPC_PREFIX + 'app.info', 'http://localhost:5173/', {}),
    ).resolves.toEqual({
      ok: true,
      value: 'app.info',
    });
    await expect(
      ipcMain.invoke(IPC_PREFIX + 'app.info', 'https://evil.example/', {}),
    ).resolves.toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });

  it('creates one window with the bundled preload and loads the app into it', async () => {
    await startShell(setup.shellDeps);
    expect(FakeBrowserWindow.instances).toHaveLength(1);
    const [window] = FakeBrowserWindow.instances;
    expect(window?.options.webPreferences?.preload).toBe(
      join('/opt/app/out', 'preload', 'index.cjs'),
    );
    expect(window?.loadedUrls).toEqual([rendererUrl({}, FAKE_MAIN_DIR)]);
  });

  it('forwards console events to the window', async () => {
    await startShell(setup.shellDeps);
    setup.console.emit('connectivity.changed', { online: true, reason: null });
    expect(FakeBrowserWindow.instances[0]?.webContents.sent).toEqual([
      {
        channel: IPC_EVENT_CHANNEL,
        message: { name: 'connectivity.changed', payload: { online: true, reason: null } },
      },
    ]);
  });

  it('quits when the last window closes, except on macOS', async () => {
    await startShell(setup.shellDeps);
    setup.electron.app.emit('window-all-closed');
    expect(setup.electron.app.quitCalls).toBeGreaterThan(0);

    const mac = deps({ platform: 'darwin' });
    await startShell(mac.shellDeps);
    mac.electron.app.emit('window-all-closed');
    expect(mac.electron.app.quitCalls).toBe(0);
  });

  it('reopens a window on macOS activate once the last one was closed', async () => {
    const mac = deps({ platform: 'darwin' });
    await startShell(mac.shellDeps);
    FakeBrowserWindow.instances[0]?.close();
    mac.electron.app.emit('activate');
    expect(FakeBrowserWindow.instances).toHaveLength(2);
  });

  it('closes the console exactly once before the app is allowed to quit', async () => {
    await startShell(setup.shellDeps);
    setup.electron.app.quit();
    expect(setup.console.closeCalls).toBe(1);
    // The first quit is held back until the console has closed, then quit runs again.
    await vi.waitFor(() => expect(setup.electron.app.quitCalls).toBe(2));
    expect(setup.console.closeCalls).toBe(1);
  });

  it('keeps a second quit waiting until the console it is closing has closed', async () => {
    await startShell(setup.shellDeps);
    // As the real console: the first close() does the work, a later one returns at once.
    let finishClose = () => {};
    const closing = new Promise<void>((resolve) => (finishClose = resolve));
    setup.console.close = async () => {
      setup.console.closeCalls += 1;
      if (setup.console.closeCalls === 1) await closing;
    };
    const exits: FakeEvent[] = [];
    setup.electron.app.on('will-quit', (event: FakeEvent) => exits.push(event));
    setup.electron.app.quit();
    // Cmd/Ctrl+Q again while the store, receiver and deliveries are still closing.
    setup.electron.app.quit();
    // Whatever the quits set going without waiting on the console has run by now.
    await new Promise((resolve) => setImmediate(resolve));
    expect(exits.every((event) => event.defaultPrevented)).toBe(true);
    finishClose();
    await vi.waitFor(() => expect(exits.some((event) => !event.defaultPrevented)).toBe(true));
  });

  it('closes a console that was still opening when the quit came, and opens no window for it', async () => {
    let finishOpening = () => {};
    const ready = new Promise<void>((resolve) => (finishOpening = resolve));
    let opening = false;
    const exits: FakeEvent[] = [];
    setup.electron.app.on('will-quit', (event: FakeEvent) => exits.push(event));
    const started = startShell({
      ...setup.shellDeps,
      openConsole: async () => {
        opening = true;
        await ready; // a keychain prompt, a slow disk
        return setup.console;
      },
    });
    await vi.waitFor(() => expect(opening).toBe(true));
    // The OS logs out, or Cmd+Q from the default menu, while the store and receiver open.
    setup.electron.app.quit();
    expect(exits.map((event) => event.defaultPrevented)).toEqual([true]);
    finishOpening();
    await started;
    await vi.waitFor(() => expect(exits.some((event) => !event.defaultPrevented)).toBe(true));
    expect(setup.console.closeCalls).toBe(1);
    expect(FakeBrowserWindow.instances).toEqual([]);
  });

  it('still quits when closing the console fails', async () => {
    await startShell(setup.shellDeps);
    setup.console.close = async () => {
      throw new Error('disk gone');
    };
    setup.electron.app.quit();
    await vi.waitFor(() => expect(setup.electron.app.quitCalls).toBe(2));
  });

  it('tells the merchant why and quits when the console cannot open', async () => {
    await startShell({
      ...setup.shellDeps,
      openConsole: async () => {
        throw new Error('The data folder is not writable.');
      },
    });
    expect(setup.electron.dialog.errors).toEqual([
      { title: 'Checkout Console could not start', message: 'The data folder is not writable.' },
    ]);
    expect(FakeBrowserWindow.instances).toEqual([]);
    expect(setup.electron.app.quitCalls).toBe(1);
  });
});
