// The one BrowserWindow factory. Secure defaults live in a pure function so tests can
// assert them field by field; the guards take narrow structural types so the faked
// 'electron' in tests and the real one both fit.
import type { BrowserWindowConstructorOptions } from 'electron';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The only permission the app needs: copying a checkout link with navigator.clipboard. */
const APP_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

/** Where the window opens; x/y absent means centred (main/os placeWindow). */
export interface WindowBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
}

export function windowOptions(
  preloadPath: string,
  bounds: WindowBounds = { width: 1280, height: 800 },
): BrowserWindowConstructorOptions {
  return {
    ...bounds,
    minWidth: 900,
    minHeight: 700,
    show: false,
    title: 'Checkout Console',
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      navigateOnDragDrop: false,
    },
  };
}

function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

// URL writes an IPv6 host in brackets.
const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

/**
 * Only web pages go to the OS browser: never file:, javascript:, data: or custom schemes. Plain
 * http only on this machine (the built-in sandbox's checkout pages): anywhere else it can be
 * read and changed on the way, and a Quaderno page is always https.
 */
export function isAllowedExternalUrl(url: string): boolean {
  const parsed = parseUrl(url);
  if (parsed === null) return false;
  if (parsed.protocol === 'https:') return true;
  return parsed.protocol === 'http:' && LOOPBACK_HOSTS.has(parsed.hostname);
}

/**
 * Same origin as the dev server, or the very same file when loaded from disk (file: URLs
 * all share the opaque origin 'null', so the path is what identifies the app).
 */
export function isAppUrl(url: string, appUrl: string): boolean {
  const candidate = parseUrl(url);
  const app = parseUrl(appUrl);
  if (!candidate || !app) return false;
  if (app.protocol === 'file:') {
    return (
      candidate.protocol === 'file:' &&
      candidate.host === app.host &&
      candidate.pathname === app.pathname
    );
  }
  if (app.protocol !== 'http:' && app.protocol !== 'https:') return false;
  return candidate.origin === app.origin;
}

/**
 * The dev server (ELECTRON_RENDERER_URL) needs an inline React-refresh preamble, injected
 * style tags and the HMR websocket; the packaged app gets the strict policy unchanged.
 */
export function contentSecurityPolicyFor(appUrl: string): string {
  const app = parseUrl(appUrl);
  if (!app || (app.protocol !== 'http:' && app.protocol !== 'https:')) {
    return CONTENT_SECURITY_POLICY;
  }
  const ws = `${app.protocol === 'https:' ? 'wss:' : 'ws:'}//${app.host}`;
  return CONTENT_SECURITY_POLICY.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
    .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
    .replace("connect-src 'self'", `connect-src 'self' ${ws}`);
}

export function isPermissionAllowed(
  permission: string,
  requestingUrl: string,
  appUrl: string,
): boolean {
  return APP_PERMISSIONS.has(permission) && isAppUrl(requestingUrl, appUrl);
}

// ---------- the narrow slice of Electron the guards touch ----------

export interface NavigationEvent {
  readonly url: string;
  preventDefault(): void;
}
export interface PreventableEvent {
  preventDefault(): void;
}
export interface HeadersDetails {
  url: string;
  responseHeaders?: Record<string, string[]>;
}
export interface GuardedSession {
  webRequest: {
    onHeadersReceived(
      listener: (
        details: HeadersDetails,
        callback: (response: { responseHeaders?: Record<string, string | string[]> }) => void,
      ) => void,
    ): void;
  };
  setPermissionRequestHandler(
    handler: (
      webContents: unknown,
      permission: string,
      callback: (granted: boolean) => void,
      details: { requestingUrl: string },
    ) => void,
  ): void;
  setPermissionCheckHandler(
    handler: (
      webContents: unknown,
      permission: string,
      requestingOrigin: string,
      details: { requestingUrl?: string },
    ) => boolean,
  ): void;
}
export interface GuardedContents {
  on(event: 'will-navigate', listener: (event: NavigationEvent) => void): unknown;
  on(event: 'will-redirect', listener: (event: NavigationEvent) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  readonly session: GuardedSession;
}
export interface ShellLike {
  openExternal(url: string): Promise<void>;
}
/** Why a window's page process ended (Electron's RenderProcessGoneDetails, the part read). */
export interface PageGone {
  reason: string;
}
export interface MainWindowLike {
  readonly webContents: GuardedContents & {
    on(
      event: 'render-process-gone',
      listener: (event: unknown, details: PageGone) => void,
    ): unknown;
  };
  once(event: 'ready-to-show', listener: () => void): unknown;
  show(): void;
  loadURL(url: string): Promise<void>;
}
export interface MainWindowDeps<W extends MainWindowLike> {
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => W;
  shell: ShellLike;
  preloadPath: string;
  /** The dev server URL, or the file: URL of the built renderer/index.html. */
  appUrl: string;
  onLoadError?: (error: unknown) => void;
  /** The remembered size and position; the default size otherwise. */
  bounds?: WindowBounds;
}

function withCsp(details: HeadersDetails, policy: string): Record<string, string[]> {
  const headers: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(details.responseHeaders ?? {})) {
    // A server-sent policy would be combined with ours; ours must be the only one.
    if (name.toLowerCase() !== 'content-security-policy') headers[name] = value;
  }
  headers['Content-Security-Policy'] = [policy];
  return headers;
}

export function guardContents(contents: GuardedContents, appUrl: string, shell: ShellLike): void {
  const policy = contentSecurityPolicyFor(appUrl);
  contents.session.webRequest.onHeadersReceived((details, callback) => {
    if (!isAppUrl(details.url, appUrl)) {
      callback({});
      return;
    }
    callback({ responseHeaders: withCsp(details, policy) });
  });
  const blockForeign = (event: NavigationEvent): void => {
    if (!isAppUrl(event.url, appUrl)) event.preventDefault();
  };
  contents.on('will-navigate', blockForeign);
  contents.on('will-redirect', blockForeign);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) {
      // The OS browser may fail (no default browser); there is nothing for the app to undo.
      shell.openExternal(url).catch(() => undefined);
    }
    return { action: 'deny' };
  });
  contents.session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(isPermissionAllowed(permission, details.requestingUrl, appUrl));
  });
  contents.session.setPermissionCheckHandler((_contents, permission, origin, details) =>
    isPermissionAllowed(permission, details.requestingUrl ?? origin, appUrl),
  );
}

// A page that crashes as it loads is not reloaded for ever: this many times a minute at most.
const RELOADS_PER_MINUTE = 3;

export function createMainWindow<W extends MainWindowLike>(deps: MainWindowDeps<W>): W {
  const window = new deps.BrowserWindow(windowOptions(deps.preloadPath, deps.bounds));
  guardContents(window.webContents, deps.appUrl, deps.shell);
  window.once('ready-to-show', () => window.show());
  const load = () =>
    window.loadURL(deps.appUrl).catch((error: unknown) => deps.onLoadError?.(error));
  // A crashed or killed page (out of memory, a GPU reset) left the window blank until a restart,
  // though receiving went on in main: the app is loaded again, a few times a minute at most.
  const reloads: number[] = [];
  window.webContents.on('render-process-gone', (_event, details) => {
    if (details.reason === 'clean-exit') return;
    const now = Date.now();
    while (reloads.length > 0 && now - (reloads[0] ?? now) > 60_000) reloads.shift();
    if (reloads.length >= RELOADS_PER_MINUTE) {
      deps.onLoadError?.(
        new Error(`The window's page stopped (${details.reason}) again; not reloaded.`),
      );
      return;
    }
    reloads.push(now);
    void load();
  });
  void load();
  return window;
}
