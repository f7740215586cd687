import { beforeEach, describe, expect, it } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  createMainWindow,
  isAllowedExternalUrl,
  isAppUrl,
} from '../../../main/window';
import { FakeBrowserWindow, FakeShell } from '../../support/fake-electron';

const packaged = 'file:///opt/checkout-console/resources/app.asar/out/renderer/index.html';
const dev = 'http://localhost:5173/';

describe('isAppUrl', () => {
  it('accepts the built page itself, with or without a hash route', () => {
    expect(isAppUrl(packaged, packaged)).toBe(true);
    expect(isAppUrl(`${packaged}#/links`, packaged)).toBe(true);
  });

  it('refuses any other file on disk', () => {
    expect(isAppUrl('file:///etc/passwd', packaged)).toBe(false);
    expect(isAppUrl(packaged.replace('index.html', 'other.html'), packaged)).toBe(false);
  });

  it('accepts any path on the dev server but not another port or host', () => {
    expect(isAppUrl('http://localhost:5173/src/main.tsx', dev)).toBe(true);
    expect(isAppUrl('http://localhost:5174/', dev)).toBe(false);
    expect(isAppUrl('http://127.0.0.1:5173/', dev)).toBe(false);
    expect(isAppUrl('https://localhost:5173/', dev)).toBe(false);
  });

  it('refuses garbage and foreign schemes', () => {
    expect(isAppUrl('not a url', packaged)).toBe(false);
    expect(isAppUrl('javascript:alert(1)', dev)).toBe(false);
    expect(isAppUrl(dev, 'not a url')).toBe(false);
  });
});

describe('isAllowedExternalUrl', () => {
  it.each([
    'https://quadernoapp.com/',
    'https://example.com/pay?x=1',
    'http://127.0.0.1:4010/checkout/session/abc',
    'http://localhost:4010/',
    'http://[::1]:4010/',
  ])('lets %s go to the browser', (url) => {
    expect(isAllowedExternalUrl(url)).toBe(true);
  });

  it.each([
    'file:///etc/passwd',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'smb://attacker/share',
    'ms-msdt:/id PCWDiagnostic',
    'mailto:someone@example.com',
    'http://example.com/pay?x=1',
    'http://acme.quadernoapp.com/checkout/session/abc',
    'http://127.0.0.1.example.com/',
    'http://localhost.example.com/',
    'http://10.0.0.1/',
    '//example.com',
    '',
  ])('keeps %s away from the OS', (url) => {
    expect(isAllowedExternalUrl(url)).toBe(false);
  });
});

describe('createMainWindow', () => {
  let shell: FakeShell;
  let window: FakeBrowserWindow;

  beforeEach(() => {
    shell = new FakeShell();
    window = createMainWindow({
      BrowserWindow: FakeBrowserWindow,
      shell,
      preloadPath: '/opt/out/preload/index.cjs',
      appUrl: packaged,
    });
  });

  it('creates the window with the secure options and loads the app', () => {
    expect(window.options.webPreferences?.preload).toBe('/opt/out/preload/index.cjs');
    expect(window.options.webPreferences?.sandbox).toBe(true);
    expect(window.loadedUrls).toEqual([packaged]);
  });

  it('shows the window only once it is ready to show', () => {
    expect(window.visible).toBe(false);
    window.emit('ready-to-show');
    expect(window.visible).toBe(true);
  });

  it('lets the page navigate within the app', () => {
    expect(window.webContents.attempt('will-navigate', `${packaged}#/settings`)).toBe(true);
  });

  it('blocks navigation and redirects to anything else', () => {
    expect(window.webContents.attempt('will-navigate', 'https://evil.example/')).toBe(false);
    expect(window.webContents.attempt('will-navigate', 'file:///etc/passwd')).toBe(false);
    expect(window.webContents.attempt('will-redirect', 'https://evil.example/')).toBe(false);
    expect(shell.opened).toEqual([]);
  });

  it('loads the app again when its page crashed or was killed, a few times a minute at most', () => {
    window.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 139 });
    expect(window.loadedUrls).toEqual([packaged, packaged]);
    window.webContents.emit('render-process-gone', {}, { reason: 'clean-exit', exitCode: 0 });
    expect(window.loadedUrls).toHaveLength(2);
    for (let i = 0; i < 10; i += 1) {
      window.webContents.emit('render-process-gone', {}, { reason: 'oom', exitCode: 0 });
    }
    // A page that crashes as it loads would otherwise be reloaded for ever.
    expect(window.loadedUrls).toHaveLength(4);
  });

  it('refuses to attach webviews', () => {
    expect(window.webContents.attempt('will-attach-webview')).toBe(false);
  });

  it('denies every new window and hands only https and loopback http links to the browser', async () => {
    const handler = window.webContents.windowOpenHandler;
    if (!handler) throw new Error('no window-open handler installed');
    const urls = [
      'https://example.com/checkout/1',
      'http://example.com/',
      'http://127.0.0.1:4010/checkout/session/abc',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'data:text/html,hi',
      'custom-scheme://x',
      packaged,
    ];
    for (const url of urls) expect(handler({ url })).toEqual({ action: 'deny' });
    expect(shell.opened).toEqual([
      'https://example.com/checkout/1',
      'http://127.0.0.1:4010/checkout/session/abc',
    ]);
  });

  it('puts the CSP on the app’s own responses, replacing any the server sent', () => {
    const headers = window.webContents.session.respond({
      url: packaged,
      responseHeaders: { 'content-security-policy': ['default-src *'], 'X-Other': ['1'] },
    });
    expect(headers).toEqual({
      'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
      'X-Other': ['1'],
    });
  });

  it('leaves responses from elsewhere untouched', () => {
    const headers = window.webContents.session.respond({
      url: 'https://acme.quadernoapp.com/api/ping',
      responseHeaders: { 'X-Other': ['1'] },
    });
    expect(headers).toBeUndefined();
  });

  it('denies permission requests, except clipboard writes from the app itself', () => {
    const session = window.webContents.session;
    for (const permission of [
      'media',
      'geolocation',
      'notifications',
      'openExternal',
      'clipboard-read',
    ]) {
      expect(session.request(permission, packaged)).toBe(false);
    }
    expect(session.request('clipboard-sanitized-write', packaged)).toBe(true);
    expect(session.request('clipboard-sanitized-write', 'https://evil.example/')).toBe(false);
    const check = session.permissionCheckHandler;
    if (!check) throw new Error('no permission check handler installed');
    expect(check(null, 'media', 'file://', { requestingUrl: packaged })).toBe(false);
    expect(check(null, 'clipboard-sanitized-write', 'file://', { requestingUrl: packaged })).toBe(
      true,
    );
    expect(check(null, 'clipboard-sanitized-write', 'file://', {})).toBe(false);
  });
});
