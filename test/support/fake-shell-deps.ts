// What a shell test hands startShell over the faked 'electron' (fake-electron.ts), so the
// tests that start the real shell wire it the same way and say only what differs (the console,
// the secrets, the desktop). Type-only imports from main: tests mock main modules around it.
import type { DesktopShellDeps, ShellDeps } from '../../main/index';
import { createFakeElectron, FakeBrowserWindow, FakeNotification } from './fake-electron';

export type FakeElectron = ReturnType<typeof createFakeElectron>;

/**
 * A new fake 'electron' whose app keeps its data in `userData`, with no windows or
 * notifications left over from an earlier test (the fakes record them in static lists).
 */
export function freshElectron(userData: string): FakeElectron {
  const electron = createFakeElectron();
  electron.app.userData = userData;
  FakeBrowserWindow.instances.length = 0;
  FakeNotification.shown.length = 0;
  return electron;
}

/** Where the shell believes its built main bundle lives (out/main of an installed app). */
export const FAKE_MAIN_DIR = '/opt/app/out/main';

/** Secrets that hold nothing: for tests whose console never asks for a key. */
export const noSecrets: ShellDeps<FakeBrowserWindow>['secrets'] = {
  get: async () => null,
  set: async () => undefined,
  delete: async () => false,
};

/** The shell's dependencies over `electron`; `deps` says which console it opens, and more. */
export function fakeShellDeps(
  electron: FakeElectron,
  deps: Pick<ShellDeps<FakeBrowserWindow>, 'openConsole'> & Partial<ShellDeps<FakeBrowserWindow>>,
): ShellDeps<FakeBrowserWindow> {
  return {
    app: electron.app,
    BrowserWindow: FakeBrowserWindow,
    ipcMain: electron.ipcMain,
    shell: electron.shell,
    showError: (title, message) => electron.dialog.showErrorBox(title, message),
    secrets: noSecrets,
    env: {},
    platform: 'linux',
    mainDir: FAKE_MAIN_DIR,
    ...deps,
  };
}

/** Notifications, displays and the save dialog of `electron`, writing files with `writeFile`. */
export function fakeDesktop(
  electron: FakeElectron,
  writeFile: DesktopShellDeps['writeFile'],
): DesktopShellDeps {
  return {
    notify: (options) => new electron.Notification(options),
    workAreas: () => electron.screen.getAllDisplays().map((d) => d.workArea),
    saveDialog: electron.dialog,
    folderShell: electron.shell,
    writeFile,
  };
}
