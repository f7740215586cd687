// The Electron shell with the faked 'electron' module over a real console and SQLite file:
// a sale's notification, its click, the badge, the remembered window and the save dialog.
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { DATABASE_FILE } from '../../../main/console';
import { WINDOW_STATE_FILE } from '../../../main/os';
import { startShell } from '../../../main/index';
import { IPC_EVENT_CHANNEL, IPC_PREFIX } from '../../../preload/contract';
import { FakeBrowserWindow, FakeNotification } from '../../support/fake-electron';
import { linkSession } from '../../support/link-fixture';
import { withRawDb } from '../../support/raw-db';
import { useShellRig } from '../../support/shell-rig';
import { useTempDir } from '../../support/temp-dir';
import { openStoreWithAccount } from '../../support/test-store';

vi.mock('electron', async () => (await import('../../support/fake-electron')).fakeElectron);

const tmp = useTempDir();
const appUrl = 'file:///opt/app/out/renderer/index.html';

const shell = useShellRig(tmp);

/** An active account with sales; returns a function that records one more sale. */
function seedLedger(newSales: number): (sessionId: number) => number {
  const file = tmp.file(DATABASE_FILE);
  const { store, accountId } = openStoreWithAccount(file, {
    name: 'acme',
    apiUrl: 'https://acme.quadernoapp.com/api/',
    kind: 'test',
  });
  store.accounts.setActive(accountId);
  store.close();
  const record = (sessionId: number): number =>
    withRawDb(file, (db) => {
      const info = db
        .prepare(
          `INSERT INTO fulfillments (account_id, session_id, customer_email, products_json, amount,
             currency, source, received_at)
           VALUES (?, ?, 'john@doe.com', '[{"code":"prod_unicorn","name":"Unicorn"}]', 1500, 'EUR', 'webhook', ?)`,
        )
        .run(accountId, sessionId, new Date().toISOString());
      return Number(info.lastInsertRowid);
    });
  for (let i = 0; i < newSales; i++) record(100 + i);
  return record;
}

/** PNGs the shell's clipboard was given (Copy as image of a link's QR code). */
let copiedImages: Buffer[] = [];

const shellDeps = () =>
  shell.deps({ clipboard: { writeImage: (png) => void copiedImages.push(png) } });

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
}

beforeEach(() => {
  copiedImages = [];
});

const focusEvents = (w: FakeBrowserWindow | undefined) =>
  (w?.webContents.sent ?? []).filter((m) => m.message.name === 'desk.focusFulfillment');

describe('desktop integration in the shell', () => {
  it('badges the undelivered count and notifies a new sale that opens it when clicked', async () => {
    const record = seedLedger(2);
    await startShell(shellDeps());
    await until(() => shell.electron.app.badgeCounts.at(-1) === 2);

    const id = record(200);
    shell.opened?.emit('fulfillments.changed', { ids: [id] });
    await until(() => FakeNotification.shown.length === 1);
    expect(FakeNotification.shown[0]?.options).toEqual({
      title: 'New sale',
      body: '€15.00 from john@doe.com — Unicorn',
    });
    await until(() => shell.electron.app.badgeCounts.at(-1) === 3);

    const [window] = FakeBrowserWindow.instances;
    if (window) {
      window.minimized = true;
      window.focused = false;
    }
    FakeNotification.shown[0]?.click();
    expect(window?.minimized).toBe(false);
    expect(window?.focused).toBe(true);
    await until(() => focusEvents(window).length > 0);
    expect(focusEvents(window)).toEqual([
      { channel: IPC_EVENT_CHANNEL, message: { name: 'desk.focusFulfillment', payload: { id } } },
    ]);
  });

  it('opens a new window on the sale when its window was closed', async () => {
    const record = seedLedger(0);
    await startShell(shellDeps());
    FakeBrowserWindow.instances[0]?.close();
    const id = record(300);
    shell.opened?.emit('fulfillments.changed', { ids: [id] });
    await until(() => FakeNotification.shown.length === 1);
    FakeNotification.shown[0]?.click();
    expect(FakeBrowserWindow.instances).toHaveLength(2);
    const fresh = FakeBrowserWindow.instances[1];
    await new Promise((r) => setTimeout(r, 20));
    // Sent only once the new page is showing: before that nobody would hear it.
    expect(focusEvents(fresh)).toHaveLength(0);
    fresh?.emit('ready-to-show');
    await until(() => focusEvents(fresh).length === 1);
    expect(fresh?.visible).toBe(true);
    // A page that mounted after the event can still ask which sale to open, once.
    const ask = () => shell.electron.ipcMain.invoke(`${IPC_PREFIX}desk.takeFocus`, appUrl, {});
    expect(await ask()).toEqual({ ok: true, value: { id } });
    expect(await ask()).toEqual({ ok: true, value: { id: null } });
  });

  it('shows a new window whose page never gets ready, and opens the sale in it', async () => {
    // Before, the click waited on ready-to-show for good: no window, no sale.
    const record = seedLedger(0);
    await startShell(shell.deps({}, { windowReadyMs: 50 }));
    FakeBrowserWindow.instances[0]?.close();
    const id = record(400);
    shell.opened?.emit('fulfillments.changed', { ids: [id] });
    await until(() => FakeNotification.shown.length === 1);
    FakeNotification.shown[0]?.click();
    const fresh = FakeBrowserWindow.instances[1];
    await until(() => focusEvents(fresh).length === 1);
    expect(fresh?.visible).toBe(true);
  });

  it('reopens the window at the size and place it was closed at', async () => {
    seedLedger(0);
    await startShell(shellDeps());
    const first = FakeBrowserWindow.instances[0];
    if (first) first.bounds = { x: 200, y: 120, width: 1100, height: 760 };
    first?.close();
    expect(JSON.parse(readFileSync(tmp.file(WINDOW_STATE_FILE), 'utf8'))).toEqual({
      bounds: { x: 200, y: 120, width: 1100, height: 760 },
      maximized: false,
    });
    shell.electron.app.emit('activate');
    expect(FakeBrowserWindow.instances[1]?.options).toMatchObject({
      x: 200,
      y: 120,
      width: 1100,
      height: 760,
    });
  });

  it("copies an open link's QR code to the clipboard the shell hands the console", async () => {
    seedLedger(0);
    const { store, accountId } = openStoreWithAccount(tmp.file(DATABASE_FILE), {
      name: 'acme',
      apiUrl: 'https://acme.quadernoapp.com/api/',
      kind: 'test',
    });
    store.sessions.upsert(
      accountId,
      linkSession({ id: 88, permalink: 'https://acme.quadernoapp.com/checkout/session/qr' }),
      { origin: 'console' },
    );
    store.close();
    await startShell(shellDeps());
    expect(await shell.opened?.invoke('links.copyQr', { id: 88 })).toEqual({ copied: true });
    expect(copiedImages).toHaveLength(1);
    expect(copiedImages[0]?.subarray(1, 4).toString('latin1')).toBe('PNG');
  });

  it('exports the sales through the save dialog to the file the merchant picks', async () => {
    seedLedger(2);
    await startShell(shellDeps());
    const target = tmp.file('my-sales.csv');
    shell.electron.dialog.nextSavePath = target;
    const result = await shell.electron.ipcMain.invoke(`${IPC_PREFIX}export.csv`, appUrl, {
      what: 'fulfillments',
    });
    expect(result).toEqual({ ok: true, value: { path: target, rows: 2 } });
    expect(shell.electron.dialog.saveDialogs[0]?.defaultPath).toMatch(
      /^\/fake\/downloads\/checkout-console-sales-\d{4}-\d{2}-\d{2}\.csv$/,
    );
    expect(readFileSync(target, 'utf8')).toContain('john@doe.com');
  });

  it('shows the exported file in the folder it went to, and no other path', async () => {
    seedLedger(1);
    await startShell(shellDeps());
    const target = tmp.file('for-the-accountant.csv');
    shell.electron.dialog.nextSavePath = target;
    await shell.electron.ipcMain.invoke(`${IPC_PREFIX}export.csv`, appUrl, {
      what: 'fulfillments',
    });

    const shown = await shell.electron.ipcMain.invoke(`${IPC_PREFIX}app.showInFolder`, appUrl, {
      path: target,
    });
    expect(shown).toEqual({ ok: true, value: { shown: true } });
    expect(shell.electron.shell.shown).toEqual([target]);

    const other = await shell.electron.ipcMain.invoke(`${IPC_PREFIX}app.showInFolder`, appUrl, {
      path: '/etc/passwd',
    });
    expect(other).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(shell.electron.shell.shown).toEqual([target]);
  });
});
