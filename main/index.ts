// Electron entry. Reads like a table of contents: one instance, sandbox everything, open
// the console, bind IPC, show the window, close the console on the way out.
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  app,
  BrowserWindow,
  clipboard,
  ClipboardItem,
  dialog,
  ipcMain,
  Menu,
  nativeImage,
  Notification,
  screen,
  shell,
  Tray,
  type NativeImage,
} from 'electron';
import { createConsole, type CheckoutConsole, type ConsoleOptions } from './console';
import type { ImageClipboard } from './links';
import {
  placeWindow,
  readWindowState,
  rememberWindowState,
  revealExports,
  saveThroughDialog,
  SUMMARY_STATE_FILE,
  summaryMemoryFile,
  startDailySummary,
  startDesktop,
  startSaleSound,
  startTrayKeeper,
  HIDDEN_ARG,
  loginItemSetter,
  trayShell,
  WINDOW_STATE_FILE,
  type FolderShellLike,
  type KeptWindow,
  type MenuItemOptions,
  type OpenTray,
  type NotificationLike,
  type Rect,
  type SaveDialogLike,
  type SaveExport,
} from './os';
import { forwardEvents, registerIpc, trustAppFrames, type IpcMainLike } from './ipc';
import { writeWholeFile } from './sales';
import { createKeychain } from './secrets';
import { createMainWindow, type MainWindowDeps, type MainWindowLike } from './window';

export interface FocusableWindow {
  isDestroyed(): boolean;
  isMinimized(): boolean;
  restore(): void;
  show(): void;
  focus(): void;
}
export interface ShellWindow extends MainWindowLike, FocusableWindow, KeptWindow {
  readonly webContents: MainWindowLike['webContents'] & Parameters<typeof forwardEvents>[1];
  on(event: 'close', listener: (event: { preventDefault(): void }) => void): unknown;
  on(event: 'resize' | 'move' | 'show' | 'focus', listener: () => void): unknown;
  getNormalBounds(): Rect;
  isMaximized(): boolean;
  maximize(): void;
}
export interface AppLike {
  requestSingleInstanceLock(): boolean;
  quit(): void;
  enableSandbox(): void;
  whenReady(): Promise<unknown>;
  getPath(name: 'userData' | 'downloads'): string;
  /** Dock (macOS) or launcher (Linux/Unity) badge; 0 clears it. */
  setBadgeCount(count: number): boolean;
  getVersion(): string;
  on(event: 'second-instance', listener: () => void): unknown;
  on(event: 'window-all-closed', listener: () => void): unknown;
  on(event: 'activate', listener: () => void): unknown;
  on(event: 'before-quit', listener: () => void): unknown;
  on(event: 'will-quit', listener: (event: { preventDefault(): void }) => void): unknown;
  /** macOS and Windows; `args` reach the app on Windows only (macOS says wasOpenedAtLogin). */
  setLoginItemSettings(settings: { openAtLogin: boolean; args?: string[] }): void;
}
export interface ShellDeps<W extends ShellWindow> {
  app: AppLike;
  BrowserWindow: MainWindowDeps<W>['BrowserWindow'];
  ipcMain: IpcMainLike;
  shell: MainWindowDeps<W>['shell'];
  showError: (title: string, message: string) => void;
  openConsole: (options: ConsoleOptions) => Promise<CheckoutConsole>;
  secrets: ConsoleOptions['secrets'];
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  /** Folder holding the built main bundle (out/main). */
  mainDir: string;
  /** Notifications, displays, the save dialog and the file manager; absent, the shell runs without them. */
  desktop?: DesktopShellDeps;
  /** Opened at login (--hidden, or macOS's wasOpenedAtLogin): stay in the tray, no window. */
  startHidden?: boolean;
  /** How long a new window may take to be ready before it is shown as it is (tests shorten it). */
  windowReadyMs?: number;
}

/** A page that never gets ready (a load that hangs, a renderer stuck in start-up) still shows. */
export const WINDOW_READY_MS = 10_000;

/**
 * Resolves once a new window is ready to show, or after `ms`: then it is shown as it is (blank
 * rather than never there), so a tray action or a notification's click waiting on it goes on.
 */
export function whenShown(window: ShellWindow, ms: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      if (!window.isDestroyed() && !window.isVisible()) window.show();
      resolve();
    }, ms);
    timer.unref();
    window.once('ready-to-show', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
export interface DesktopShellDeps {
  /** Null where the OS has no notifications. */
  notify: ((options: { title: string; body: string }) => NotificationLike) | null;
  /** Work areas of the connected displays, the primary one first. */
  workAreas(): Rect[];
  saveDialog: SaveDialogLike;
  /**
   * `content` comes in chunks: an export of a million sales is never one string. Absent, the
   * file is written beside its path and renamed there once whole (writeWholeFile).
   */
  writeFile?(path: string, content: Iterable<string>): Promise<void>;
  /** Show in folder after an export (Electron's shell); absent, the console says it cannot. */
  folderShell?: FolderShellLike;
  /**
   * The tray, the app menu and the quit question. With them, closing the window hides it and
   * the app keeps receiving; without them (no tray), closing the window quits as before.
   */
  tray?: {
    open: OpenTray;
    setAppMenu(template: MenuItemOptions[]): void;
    ask(question: { message: string; buttons: readonly string[] }): Promise<number>;
  };
  /** The OS clipboard for a link's QR code (Copy as image). */
  clipboard?: ImageClipboard;
}

/** A second launch focuses the window we already have instead of opening another ledger. */
export function claimSingleInstance(app: AppLike, focus: () => void): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', focus);
  return true;
}

export function focusWindow(window: FocusableWindow | null): void {
  if (!window || window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}

export function rendererUrl(env: NodeJS.ProcessEnv, mainDir: string): string {
  const devServer = env.ELECTRON_RENDERER_URL;
  if (devServer) return devServer;
  return pathToFileURL(join(mainDir, '..', 'renderer', 'index.html')).href;
}

/**
 * The console's saveFile, and showInFolder for the file it last wrote. The console hands
 * showInFolder to the app.* handlers (createAppHandlers); without it they answer unavailable.
 */
export function desktopFiles(
  desktop: DesktopShellDeps,
  downloads: () => string,
): { saveFile: SaveExport; showInFolder?: (path: string) => boolean } {
  const write =
    desktop.writeFile ??
    ((path: string, content: Iterable<string>) => writeWholeFile(path, content));
  const saveFile = saveThroughDialog(desktop.saveDialog, downloads, write);
  return desktop.folderShell ? revealExports(saveFile, desktop.folderShell) : { saveFile };
}

export async function startShell<W extends ShellWindow>(deps: ShellDeps<W>): Promise<void> {
  const { app } = deps;
  let window: W | null = null;
  // A launch asking for the window before there is one (the console still opening) is kept.
  let asked = false;
  // Set once the window exists: shows it, or opens one after a hidden start.
  let showWindow = (): void | Promise<void> => {
    asked = true;
  };
  if (!claimSingleInstance(app, () => void showWindow())) return;
  app.enableSandbox();

  // Hooked before anything opens: a quit while the console is still opening (a logout, the
  // default menu's Cmd+Q) waits for it and closes it like any other quit, rather than exiting
  // with the store and receiver open.
  let opened: Promise<CheckoutConsole | null> = Promise.resolve(null);
  let ready: CheckoutConsole | null = null;
  let stopServices = (): void => undefined;
  let closed = false;
  let closing = false;
  app.on('will-quit', (event) => {
    if (closed) return;
    // SQLite must be closed cleanly (WAL checkpoint) before the process exits.
    event.preventDefault();
    // A second quit (Cmd/Ctrl+Q again) waits for the first close: the console's own close()
    // returns at once when called again, which would let the app exit mid-close.
    if (closing) return;
    closing = true;
    stopServices();
    // Closed at once when open (no tick for anything to slip in), else once it has opened.
    const closeIt = ready ? ready.close() : opened.then((late) => late?.close());
    void closeIt
      .catch(() => undefined) // quitting matters more than a tidy close
      .finally(() => {
        closed = true;
        app.quit();
      });
  });

  await app.whenReady();
  if (closing) return;

  let console: CheckoutConsole;
  try {
    const desktop = deps.desktop;
    const opening = deps.openConsole({
      dataDir: app.getPath('userData'),
      secrets: deps.secrets,
      env: deps.env,
      version: app.getVersion(),
      // The app delivers sales by its rules while it runs; command rules are the CLI's alone.
      delivery: { run: true, commands: false },
      // A window that will not open helps no one: an unusable env setting is told, not fatal.
      badSettings: 'tell',
      ...(desktop ? desktopFiles(desktop, () => app.getPath('downloads')) : {}),
      ...(desktop?.clipboard ? { clipboard: desktop.clipboard } : {}),
    });
    opened = opening.catch(() => null);
    console = await opening;
    ready = console;
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    deps.showError('Checkout Console could not start', reason);
    closed = true; // nothing opened, nothing to close
    app.quit();
    return;
  }
  // Quit while it opened: the quit closes it; no window, tray or IPC for an app on its way out.
  if (closing) return;

  const appUrl = rendererUrl(deps.env, deps.mainDir);
  registerIpc({ ipcMain: deps.ipcMain, console, isTrustedSender: trustAppFrames(appUrl) });
  let stopForwarding = (): void => undefined;
  const stateFile = join(app.getPath('userData'), WINDOW_STATE_FILE);
  let adopt = (_window: W): void => undefined;
  const openWindow = (): W => {
    stopForwarding();
    const placement = deps.desktop
      ? placeWindow(readWindowState(stateFile), deps.desktop.workAreas())
      : null;
    const opened = createMainWindow({
      BrowserWindow: deps.BrowserWindow,
      shell: deps.shell,
      preloadPath: join(deps.mainDir, '..', 'preload', 'index.cjs'),
      appUrl,
      onLoadError: (error) => deps.showError('Checkout Console could not load', String(error)),
      ...(placement ? { bounds: placement.bounds } : {}),
    });
    if (placement?.maximized) opened.maximize();
    if (deps.desktop) rememberWindowState(opened, stateFile);
    window = opened;
    stopForwarding = forwardEvents(console, opened.webContents);
    adopt(opened);
    return opened;
  };
  showWindow = () => {
    if (window !== null && !window.isDestroyed()) return focusWindow(window);
    return whenShown(openWindow(), deps.windowReadyMs ?? WINDOW_READY_MS);
  };
  const emit: typeof console.emit = (name, payload) => console.emit(name, payload);
  const trayDeps = deps.desktop?.tray;
  const keeper = trayDeps
    ? startTrayKeeper({
        console,
        emit,
        openTray: trayDeps.open,
        showWindow: () => showWindow(),
        quit: () => app.quit(),
        ask: (question) => trayDeps.ask(question),
        notify: deps.desktop?.notify ?? null,
        setLoginItem: loginItemSetter({
          platform: deps.platform,
          app,
          env: deps.env,
          execPath: process.execPath,
        }),
        setAppMenu: (template) => trayDeps.setAppMenu(template),
        platform: deps.platform,
      })
    : null;
  if (keeper) adopt = (opened) => keeper.adopt(opened);
  // A hidden start needs a tray to come back from; the window opens on the first click.
  if (!(deps.startHidden && keeper) || asked) openWindow();
  const desktop = startDesktop({
    console,
    emit,
    notify: deps.desktop?.notify ?? null,
    setBadgeCount: (count) => void app.setBadgeCount(count),
    showWindow: () => showWindow(),
  });
  const sound = startSaleSound({ console, emit });
  const summary = startDailySummary({
    console,
    emit,
    notify: deps.desktop?.notify ?? null,
    showWindow: () => showWindow(),
    memory: summaryMemoryFile(join(app.getPath('userData'), SUMMARY_STATE_FILE)),
  });

  app.on('window-all-closed', () => {
    if (deps.platform !== 'darwin') app.quit();
  });
  // macOS keeps the app alive without windows; the dock icon brings one back.
  app.on('activate', () => void showWindow());
  app.on('before-quit', () => keeper?.quitting());
  stopServices = () => {
    desktop.stop();
    sound.stop();
    summary.stop();
    keeper?.stop();
    stopForwarding();
  };
}

// Only the real Electron runtime starts the shell; tests import the pieces above.
if (process.versions.electron) {
  const showError = (title: string, message: string): void => dialog.showErrorBox(title, message);
  // Windows shows notifications only for an app with this id (electron-builder.yml appId).
  if (process.platform === 'win32') app.setAppUserModelId('io.checkoutconsole.app');
  startShell({
    app,
    BrowserWindow,
    ipcMain,
    shell,
    showError,
    openConsole: createConsole,
    secrets: createKeychain(),
    env: process.env,
    platform: process.platform,
    startHidden:
      process.argv.includes(HIDDEN_ARG) ||
      (process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin),
    mainDir: fileURLToPath(new URL('.', import.meta.url)),
    desktop: {
      notify: Notification.isSupported() ? (options) => new Notification(options) : null,
      workAreas: () => {
        const primary = screen.getPrimaryDisplay();
        const others = screen.getAllDisplays().filter((d) => d.id !== primary.id);
        return [primary, ...others].map((d) => d.workArea);
      },
      saveDialog: dialog,
      folderShell: shell,
      // Main writes the PNG: an image through navigator.clipboard is reported to crash the
      // renderer on Linux.
      clipboard: {
        writeImage: (png) =>
          clipboard.write([
            new ClipboardItem({
              'image/png': new Blob([new Uint8Array(png)], { type: 'image/png' }),
            }),
          ]),
      },
      tray: {
        open: trayShell<NativeImage, Menu>({ Tray, Menu, nativeImage }),
        setAppMenu: (template) => Menu.setApplicationMenu(Menu.buildFromTemplate(template)),
        ask: async (question) =>
          (await dialog.showMessageBox({ ...question, buttons: [...question.buttons] })).response,
      },
    },
  }).catch((e: unknown) => {
    showError('Checkout Console stopped', e instanceof Error ? e.message : String(e));
    app.quit();
  });
}
