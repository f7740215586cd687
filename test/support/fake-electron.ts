// A typed fake of the slice of 'electron' the shell uses. The Electron binary cannot run
// on our build machines, so shell tests record what the shell asked Electron to do and
// replay the events Electron would emit. Use it with:
//   vi.mock('electron', async () => (await import('../../support/fake-electron')).fakeElectron);
import type { BrowserWindowConstructorOptions, MessageBoxOptions } from 'electron';
import type { MenuItemOptions, NativeImageLike, TrayLike } from '../../main/os';
import type { AppLike, ShellWindow } from '../../main/index';
import type { InvokeEventLike, IpcMainLike } from '../../main/ipc';
import type { GuardedContents, GuardedSession, HeadersDetails, ShellLike } from '../../main/window';
import type { BridgeTransport } from '../../preload/bridge';

type Listener = (...args: never[]) => unknown;
type Call = (...args: unknown[]) => unknown;

/** Records listeners by event name and replays events to them. */
export class FakeEmitter {
  readonly listeners = new Map<string, Listener[]>();

  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }

  once(event: string, listener: Listener): this {
    const wrapper: Call = (...args) => {
      this.removeListener(event, wrapper);
      return (listener as Call)(...args);
    };
    return this.on(event, wrapper);
  }

  removeListener(event: string, listener: Listener): this {
    this.listeners.set(
      event,
      (this.listeners.get(event) ?? []).filter((l) => l !== listener),
    );
    return this;
  }

  listenerCount(event: string): number {
    return this.listeners.get(event)?.length ?? 0;
  }

  emit(event: string, ...args: unknown[]): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) (listener as Call)(...args);
  }
}

/** An Electron-style event whose default the shell may prevent. */
export class FakeEvent {
  defaultPrevented = false;
  constructor(readonly url = '') {}
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

type HeadersListener = Parameters<GuardedSession['webRequest']['onHeadersReceived']>[0];
type RequestHandler = Parameters<GuardedSession['setPermissionRequestHandler']>[0];
type CheckHandler = Parameters<GuardedSession['setPermissionCheckHandler']>[0];

export class FakeSession implements GuardedSession {
  headersListener: HeadersListener | null = null;
  permissionRequestHandler: RequestHandler | null = null;
  permissionCheckHandler: CheckHandler | null = null;
  readonly webRequest = {
    onHeadersReceived: (listener: HeadersListener): void => {
      this.headersListener = listener;
    },
  };
  setPermissionRequestHandler(handler: RequestHandler): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: CheckHandler): void {
    this.permissionCheckHandler = handler;
  }

  /** Runs a response through the headers listener, as Chromium would. */
  respond(details: HeadersDetails): Record<string, string | string[]> | undefined {
    let result: Record<string, string | string[]> | undefined;
    this.headersListener?.(details, (response) => {
      result = response.responseHeaders;
    });
    return result;
  }

  /** Asks the request handler, as a page calling a permissioned web API would. */
  request(permission: string, requestingUrl: string): boolean {
    let granted: boolean | null = null;
    this.permissionRequestHandler?.(null, permission, (g) => (granted = g), { requestingUrl });
    return granted ?? false;
  }
}

type OpenHandler = Parameters<GuardedContents['setWindowOpenHandler']>[0];

export class FakeWebContents extends FakeEmitter implements GuardedContents {
  readonly session = new FakeSession();
  readonly sent: Array<{ channel: string; message: { name: string; payload: unknown } }> = [];
  windowOpenHandler: OpenHandler | null = null;
  destroyed = false;

  setWindowOpenHandler(handler: OpenHandler): void {
    this.windowOpenHandler = handler;
  }
  send(channel: string, message: { name: string; payload: unknown }): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    this.sent.push({ channel, message });
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }

  /** Fires an event the shell may veto; true when the shell let it through. */
  attempt(event: 'will-navigate' | 'will-redirect' | 'will-attach-webview', url = ''): boolean {
    const e = new FakeEvent(url);
    this.emit(event, e, url);
    return !e.defaultPrevented;
  }
}

export class FakeBrowserWindow extends FakeEmitter implements ShellWindow {
  static readonly instances: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  readonly loadedUrls: string[] = [];
  visible = false;
  minimized = false;
  maximized = false;
  focused = false;
  destroyed = false;
  /** Where the window is, as the user left it (starts where the options asked). */
  bounds: { x: number; y: number; width: number; height: number };

  constructor(readonly options: BrowserWindowConstructorOptions) {
    super();
    this.bounds = {
      x: options.x ?? 0,
      y: options.y ?? 0,
      width: options.width ?? 800,
      height: options.height ?? 600,
    };
    FakeBrowserWindow.instances.push(this);
  }
  getNormalBounds(): { x: number; y: number; width: number; height: number } {
    return { ...this.bounds };
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  maximize(): void {
    this.maximized = true;
  }
  async loadURL(url: string): Promise<void> {
    this.loadedUrls.push(url);
  }
  show(): void {
    this.visible = true;
    this.emit('show');
  }
  hide(): void {
    this.visible = false;
    this.focused = false;
    this.emit('hide');
  }
  isVisible(): boolean {
    return this.visible;
  }
  focus(): void {
    this.focused = true;
    this.emit('focus');
  }
  isFocused(): boolean {
    return this.focused;
  }
  restore(): void {
    this.minimized = false;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  /** As Electron: a 'close' listener that prevents the default keeps the window. */
  close(): void {
    const event = new FakeEvent();
    this.emit('close', event);
    if (event.defaultPrevented) return;
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
  }
}

export class FakeApp extends FakeEmitter implements AppLike {
  lockAvailable = true;
  quitCalls = 0;
  sandboxEnabled = false;
  readyBeforeSandbox = false;
  readonly badgeCounts: number[] = [];
  private ready = false;

  requestSingleInstanceLock(): boolean {
    return this.lockAvailable;
  }
  /** As Electron: before-quit, then every window is closed; one that stays open cancels the quit. */
  quit(): void {
    this.quitCalls += 1;
    this.emit('before-quit', new FakeEvent());
    for (const window of FakeBrowserWindow.instances) if (!window.destroyed) window.close();
    if (FakeBrowserWindow.instances.some((w) => !w.destroyed)) return;
    const event = new FakeEvent();
    this.emit('will-quit', event);
  }
  readonly loginItems: Array<{ openAtLogin: boolean; args?: string[] }> = [];
  setLoginItemSettings(settings: { openAtLogin: boolean; args?: string[] }): void {
    this.loginItems.push(settings);
  }
  enableSandbox(): void {
    this.sandboxEnabled = true;
    this.readyBeforeSandbox = this.ready;
  }
  async whenReady(): Promise<void> {
    this.ready = true;
  }
  /** Tests that need real files point this at a temp folder. */
  userData = '/fake/user-data';
  getPath(name: 'userData' | 'downloads'): string {
    return name === 'downloads' ? '/fake/downloads' : this.userData;
  }
  setBadgeCount(count: number): boolean {
    this.badgeCounts.push(count);
    return true;
  }
  getVersion(): string {
    return '9.9.9';
  }
}

type InvokeListener = (event: InvokeEventLike, ...args: unknown[]) => unknown;

export class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, InvokeListener>();
  handle(channel: string, listener: InvokeListener): void {
    // Electron refuses a second handler for the same channel; so does the fake.
    if (this.handlers.has(channel))
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** What ipcRenderer.invoke would get back from a frame showing `senderUrl`. */
  async invoke(channel: string, senderUrl: string | null, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler({ senderFrame: senderUrl === null ? null : { url: senderUrl } }, ...args);
  }
}

export class FakeIpcRenderer extends FakeEmitter implements BridgeTransport {
  readonly invocations: Array<{ channel: string; args: unknown[] }> = [];
  /** Replies to invoke; tests point it at a FakeIpcMain or at a canned answer. */
  responder: (channel: string, ...args: unknown[]) => Promise<unknown> = async () => undefined;

  async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invocations.push({ channel, args });
    return this.responder(channel, ...args);
  }
  /** Delivers a message as webContents.send would, with an IPC event object first. */
  deliver(channel: string, message: unknown): void {
    this.emit(channel, { sender: this, senderId: 0 }, message);
  }
}

export class FakeContextBridge {
  readonly exposed = new Map<string, unknown>();
  exposeInMainWorld(key: string, api: unknown): void {
    if (this.exposed.has(key))
      throw new Error(`Cannot bind an API on top of an existing property: ${key}`);
    this.exposed.set(key, api);
  }
}

export class FakeShell implements ShellLike {
  readonly opened: string[] = [];
  /** Files shown in the OS file manager (Show in folder). */
  readonly shown: string[] = [];
  async openExternal(url: string): Promise<void> {
    this.opened.push(url);
  }
  showItemInFolder(fullPath: string): void {
    this.shown.push(fullPath);
  }
}

/** Records every notification the shell shows; `click()` replays the user's click. */
export class FakeNotification extends FakeEmitter {
  static readonly shown: FakeNotification[] = [];
  static supported = true;
  static isSupported(): boolean {
    return FakeNotification.supported;
  }
  constructor(readonly options: { title: string; body: string }) {
    super();
  }
  show(): void {
    FakeNotification.shown.push(this);
  }
  click(): void {
    this.emit('click', new FakeEvent());
  }
}

/** A tray icon: what the shell last drew, and the menu's items to click. */
export class FakeTray extends FakeEmitter implements TrayLike<FakeNativeImage, FakeMenu> {
  static readonly instances: FakeTray[] = [];
  tooltip = '';
  menu: FakeMenu | null = null;
  destroyed = false;
  constructor(public image: FakeNativeImage) {
    super();
    FakeTray.instances.push(this);
  }
  setImage(image: FakeNativeImage): void {
    this.image = image;
  }
  setToolTip(text: string): void {
    this.tooltip = text;
  }
  setContextMenu(menu: FakeMenu): void {
    this.menu = menu;
  }
  destroy(): void {
    this.destroyed = true;
  }
  /** Clicks the menu item with this label, as the merchant would. */
  clickItem(label: string): void {
    const item = this.menu?.template.find((i) => i.label === label);
    if (!item?.click) throw new Error(`No clickable '${label}' in the tray menu`);
    item.click();
  }
}

export class FakeMenu {
  constructor(readonly template: MenuItemOptions[]) {}
  static applicationMenu: FakeMenu | null = null;
  static buildFromTemplate(template: MenuItemOptions[]): FakeMenu {
    return new FakeMenu(template);
  }
  static setApplicationMenu(menu: FakeMenu | null): void {
    FakeMenu.applicationMenu = menu;
  }
}

/** An image made from PNG bytes, one buffer per scale factor. */
export class FakeNativeImage implements NativeImageLike {
  readonly representations = new Map<number, Buffer>();
  constructor(png: Buffer) {
    this.representations.set(1, png);
  }
  addRepresentation(options: { scaleFactor: number; buffer: Buffer }): void {
    this.representations.set(options.scaleFactor, options.buffer);
  }
}

type SaveDialogOptions = { title: string; defaultPath: string; filters: unknown[] };

export function createFakeElectron() {
  return {
    app: new FakeApp(),
    BrowserWindow: FakeBrowserWindow,
    ipcMain: new FakeIpcMain(),
    ipcRenderer: new FakeIpcRenderer(),
    contextBridge: new FakeContextBridge(),
    shell: new FakeShell(),
    Notification: FakeNotification,
    Tray: FakeTray,
    Menu: FakeMenu,
    nativeImage: { createFromBuffer: (png: Buffer) => new FakeNativeImage(png) },
    /** Displays as Electron reports them; tests replace the list to unplug a monitor. */
    screen: {
      displays: [{ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1050 } }],
      getAllDisplays() {
        return this.displays;
      },
      getPrimaryDisplay() {
        return this.displays[0] ?? { id: 0, workArea: { x: 0, y: 0, width: 1280, height: 800 } };
      },
    },
    dialog: {
      errors: [] as Array<{ title: string; message: string }>,
      showErrorBox(title: string, message: string): void {
        this.errors.push({ title, message });
      },
      saveDialogs: [] as SaveDialogOptions[],
      /** What the merchant picks in the save dialog; null cancels. */
      nextSavePath: null as string | null,
      messageBoxes: [] as MessageBoxOptions[],
      /** The button the merchant presses in the next message box. */
      nextResponse: 0,
      async showMessageBox(options: MessageBoxOptions) {
        this.messageBoxes.push(options);
        return { response: this.nextResponse, checkboxChecked: false };
      },
      async showSaveDialog(options: SaveDialogOptions) {
        this.saveDialogs.push(options);
        const filePath = this.nextSavePath;
        return filePath === null ? { canceled: true } : { canceled: false, filePath };
      },
    },
  };
}

export type FakeElectron = ReturnType<typeof createFakeElectron>;

/** The instance `vi.mock('electron', …)` hands to modules that import 'electron'. */
export const fakeElectron: FakeElectron = createFakeElectron();
