// The shell with a tray (faked 'electron', real console and SQLite file): closing the window
// keeps the app receiving, quitting asks while sales come in, the tray follows sales and the
// receiver, "New link…" reaches the page, "Open at login" follows the setting, and the sale
// chime is sent to the page only when the merchant wants it.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { DATABASE_FILE } from '../../../main/console';
import { startShell, type ShellDeps } from '../../../main/index';
import { AUTOSTART_FILE, QUIT_QUESTION, trayIconPngs, trayShell } from '../../../main/os';
import type { LiveStatus } from '../../../preload/contract';
import {
  FakeBrowserWindow,
  FakeMenu,
  FakeNotification,
  FakeTray,
  type FakeNativeImage,
} from '../../support/fake-electron';
import { useCleanups } from '../../support/cleanups';
import { newFulfillment } from '../../support/sale-fixtures';
import { useShellRig } from '../../support/shell-rig';
import { useTempDir } from '../../support/temp-dir';
import { openStoreWithAccount } from '../../support/test-store';

vi.mock('electron', async () => (await import('../../support/fake-electron')).fakeElectron);

const tmp = useTempDir();
// Before the rig, so what a test seeded is closed after the shell has quit (after-each hooks run
// last registered first).
const { defer } = useCleanups();
const shell = useShellRig(tmp, { beforeQuit: true });

const listening: LiveStatus = {
  receiver: { state: 'listening', port: 4100, error: null },
  tunnel: { state: 'online', publicUrl: 'https://acme.loca.lt', error: null },
  webhook: { state: 'registered', id: 3, url: 'https://acme.loca.lt/hooks/t', error: null },
  lastEventAt: null,
  lastSyncAt: null,
};

/** An active account; returns a function that records a sale paid just now. */
function seedAccount(): () => number {
  const { store, accountId } = openStoreWithAccount(tmp.file(DATABASE_FILE));
  store.accounts.setActive(accountId);
  let session = 0;
  const record = (): number =>
    store.fulfillments.record(
      accountId,
      newFulfillment({
        sessionId: ++session,
        source: 'webhook',
        receivedAt: new Date().toISOString(),
      }),
    ).id;
  defer(() => store.close());
  return record;
}

function shellDeps(over: Partial<ShellDeps<FakeBrowserWindow>> = {}): ShellDeps<FakeBrowserWindow> {
  const { electron } = shell;
  return shell.deps(
    {
      tray: {
        open: trayShell(electron),
        setAppMenu: (template) =>
          electron.Menu.setApplicationMenu(electron.Menu.buildFromTemplate(template)),
        ask: async (question) =>
          (await electron.dialog.showMessageBox({ ...question, buttons: [...question.buttons] }))
            .response,
      },
    },
    over,
  );
}

const tray = (): FakeTray => {
  const found = FakeTray.instances.at(-1);
  if (!found) throw new Error('no tray');
  return found;
};
const labels = () => (tray().menu?.template ?? []).map((i) => i.label ?? '—');
const shows = (image: FakeNativeImage, name: Parameters<typeof trayIconPngs>[0]) =>
  image.representations.get(2)?.equals(trayIconPngs(name).x2) ?? false;
const sentToPage = (w: FakeBrowserWindow | undefined, name: string) =>
  (w?.webContents.sent ?? []).filter((m) => m.message.name === name);

async function until(check: () => boolean): Promise<void> {
  await vi.waitFor(() => expect(check()).toBe(true), { timeout: 10_000, interval: 10 });
}

beforeEach(() => {
  FakeTray.instances.length = 0;
  FakeMenu.applicationMenu = null;
});

describe('closing the window', () => {
  it('hides it to the tray and keeps the console running, saying so once', async () => {
    seedAccount();
    await startShell(shellDeps());
    const [window] = FakeBrowserWindow.instances;
    window?.show();
    window?.close();
    expect(window?.destroyed).toBe(false);
    expect(window?.visible).toBe(false);
    expect(shell.electron.app.quitCalls).toBe(0);
    expect(await shell.opened?.invoke('settings.get', {})).toMatchObject({ notifications: true });
    expect(FakeNotification.shown.map((n) => n.options.title)).toEqual(['Still receiving sales']);

    window?.show();
    window?.close();
    expect(FakeNotification.shown).toHaveLength(1);
    tray().emit('click');
    expect(window?.visible).toBe(true);
  });
});

describe('quitting', () => {
  it('asks first while the receiver is listening, and keeps receiving on "Keep receiving"', async () => {
    seedAccount();
    await startShell(shellDeps());
    shell.opened?.emit('receiver.status', listening);
    shell.electron.dialog.nextResponse = 1;
    tray().clickItem('Quit Checkout Console');
    await until(() => shell.electron.dialog.messageBoxes.length === 1);
    expect(shell.electron.dialog.messageBoxes[0]).toMatchObject({
      message: 'Quit Checkout Console?',
      buttons: ['Quit', 'Keep receiving'],
    });
    expect(shell.electron.dialog.messageBoxes[0]?.detail).toContain(
      'Live sales stop reaching this computer',
    );
    expect(shell.electron.app.quitCalls).toBe(0);
    // The box is closed ("Keep receiving" taken) before the merchant can choose Quit again.
    await new Promise((resolve) => setImmediate(resolve));

    shell.electron.dialog.nextResponse = 0;
    const quit = FakeMenu.applicationMenu?.template
      .flatMap((m) => m.submenu ?? [])
      .find((i) => i.accelerator === 'CmdOrCtrl+Q');
    quit?.click?.();
    // Quit closes the console, then the app: the window goes too, rather than hiding.
    await until(() => shell.electron.app.quitCalls >= 2);
    expect(FakeBrowserWindow.instances[0]?.destroyed).toBe(true);
    expect(tray().destroyed).toBe(true);
  });

  it('asks once when Quit is chosen again while the question is still showing', async () => {
    seedAccount();
    const { electron } = shell;
    const asked: Array<(answer: number) => void> = [];
    await startShell(
      shell.deps({
        tray: {
          open: trayShell(electron),
          setAppMenu: (template) =>
            electron.Menu.setApplicationMenu(electron.Menu.buildFromTemplate(template)),
          // A message box with no parent window: the tray and Cmd/Ctrl+Q still answer under it.
          ask: () => new Promise<number>((resolve) => asked.push(resolve)),
        },
      }),
    );
    shell.opened?.emit('receiver.status', listening);
    tray().clickItem('Quit Checkout Console');
    tray().clickItem('Quit Checkout Console');
    await until(() => asked.length >= 1);
    // Whatever the second click set going without waiting on the first answer has run by now.
    await new Promise((resolve) => setImmediate(resolve));
    expect(asked).toHaveLength(1);
    asked[0]?.(0);
    await until(() => shell.electron.app.quitCalls >= 2);
    expect(asked).toHaveLength(1);
  });

  it('quits without asking when no sales are coming in anyway', async () => {
    await startShell(shellDeps());
    tray().clickItem('Quit Checkout Console');
    await until(() => shell.electron.app.quitCalls >= 2);
    expect(shell.electron.dialog.messageBoxes).toEqual([]);
    expect(QUIT_QUESTION.cancelId).toBe(1);
  });
});

describe('the tray', () => {
  it("shows a new sale until the window is shown, today's revenue and the count to deliver", async () => {
    const record = seedAccount();
    await startShell(shellDeps());
    const [window] = FakeBrowserWindow.instances;
    shell.opened?.emit('receiver.status', listening);
    await until(() => tray().tooltip === 'Checkout Console: Receiving sales · Nothing to deliver');
    expect(shows(tray().image, 'normal')).toBe(true);

    window?.close(); // hidden: the merchant is not looking
    const id = record();
    shell.opened?.emit('fulfillments.changed', { ids: [id] });
    await until(() => tray().tooltip === 'Checkout Console: 1 new sale · 1 to deliver');
    expect(shows(tray().image, 'new-sale')).toBe(true);
    expect(labels()).toEqual([
      '1 new sale',
      'Today €21.00 (1 sale)',
      '1 to deliver',
      '—',
      'New link…',
      'Open Checkout Console',
      '—',
      'Quit Checkout Console',
    ]);

    tray().clickItem('Open Checkout Console');
    await until(() => shows(tray().image, 'normal'));
    expect(window?.visible).toBe(true);

    shell.opened?.emit('receiver.status', {
      ...listening,
      tunnel: { ...listening.tunnel, state: 'reconnecting' },
    });
    expect(shows(tray().image, 'receiver-down')).toBe(true);
    shell.opened?.emit('connectivity.changed', { online: false, reason: 'timeout' });
    expect(shows(tray().image, 'offline')).toBe(true);
    expect(tray().tooltip).toBe(
      'Checkout Console: Offline: Quaderno cannot be reached · 1 to deliver',
    );
  });

  it('"New link…" brings the hidden window back and asks the page for the form', async () => {
    seedAccount();
    await startShell(shellDeps());
    const [window] = FakeBrowserWindow.instances;
    window?.close();
    tray().clickItem('New link…');
    await until(() => sentToPage(window, 'desk.newLink').length === 1);
    expect(window?.visible).toBe(true);
  });

  it('after a hidden start opens the window only when asked, then asks for the form', async () => {
    seedAccount();
    await startShell(shellDeps({ startHidden: true }));
    expect(FakeBrowserWindow.instances).toEqual([]);
    tray().clickItem('New link…');
    expect(FakeBrowserWindow.instances).toHaveLength(1);
    const [window] = FakeBrowserWindow.instances;
    // Sent once the page shows: before that nobody would hear it.
    expect(sentToPage(window, 'desk.newLink')).toEqual([]);
    window?.emit('ready-to-show');
    await until(() => sentToPage(window, 'desk.newLink').length === 1);
  });
});

describe('a second launch while a hidden start is still opening the console', () => {
  it('opens the window once the console is open, rather than losing the launch', async () => {
    seedAccount();
    const deps = shellDeps({ startHidden: true });
    const openConsole = deps.openConsole;
    await startShell({
      ...deps,
      openConsole: async (options) => {
        // The merchant starts the app again while the login start opens the ledger.
        shell.electron.app.emit('second-instance');
        return openConsole(options);
      },
    });
    expect(FakeBrowserWindow.instances).toHaveLength(1);
  });
});

describe('open at login', () => {
  it('adds and removes the login item, hidden, when the merchant saves the setting', async () => {
    await startShell(shellDeps({ platform: 'win32' }));
    expect(shell.electron.app.loginItems).toEqual([]);
    await shell.opened?.invoke('settings.update', { openAtLogin: true });
    await shell.opened?.invoke('settings.update', { notifications: false });
    await shell.opened?.invoke('settings.update', { openAtLogin: false });
    expect(shell.electron.app.loginItems).toEqual([
      { openAtLogin: true, args: ['--hidden'] },
      { openAtLogin: false, args: ['--hidden'] },
    ]);
  });

  it('on Linux writes and removes the autostart entry, since Electron cannot there', async () => {
    await startShell(shellDeps({ env: { XDG_CONFIG_HOME: tmp.path } }));
    const entry = tmp.file(join('autostart', AUTOSTART_FILE));
    await shell.opened?.invoke('settings.update', { openAtLogin: true });
    expect(readFileSync(entry, 'utf8')).toContain(' --hidden\n');
    await shell.opened?.invoke('settings.update', { openAtLogin: false });
    expect(existsSync(entry)).toBe(false);
    expect(shell.electron.app.loginItems).toEqual([]);
  });
});

describe('open at login that cannot be set', () => {
  it('still saves the settings and tells the page, when the autostart folder cannot be written', async () => {
    // XDG_CONFIG_HOME names a file: ~/.config/autostart cannot be made under it.
    const notAFolder = tmp.file('config-is-a-file');
    writeFileSync(notAFolder, '');
    await startShell(shellDeps({ env: { XDG_CONFIG_HOME: notAFolder } }));
    const saved = await shell.opened?.invoke('settings.update', {
      openAtLogin: true,
      saleSound: true,
    });
    expect(saved).toMatchObject({ openAtLogin: true, saleSound: true });
    expect(sentToPage(FakeBrowserWindow.instances[0], 'settings.changed')).toHaveLength(1);
    const told = FakeNotification.shown.find(
      (n) => n.options.title === 'Open at login could not be set',
    );
    expect(told?.options.body).toContain('a part of the path is a file, not a folder');
  });
});

describe('the sale sound', () => {
  it('reaches the page for a new sale only once the merchant said yes', async () => {
    const record = seedAccount();
    await startShell(shellDeps());
    const [window] = FakeBrowserWindow.instances;
    const first = record();
    shell.opened?.emit('fulfillments.changed', { ids: [first] });
    await until(() => tray().tooltip.includes('1 to deliver'));

    await shell.opened?.invoke('settings.update', { saleSound: true });
    const second = record();
    shell.opened?.emit('fulfillments.changed', { ids: [second] });
    await until(() => sentToPage(window, 'desk.saleSound').length === 1);
    expect(sentToPage(window, 'desk.saleSound')[0]?.message.payload).toEqual({ id: second });
  });
});
